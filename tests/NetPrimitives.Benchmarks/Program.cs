using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/NetPrimitives.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
