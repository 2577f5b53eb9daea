using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/NetPrimitives.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/NetPrimitives.Benchmarks -- smtp   (side-by-side SMTP clients, issue 6)
if (args is ["smtp"])
{
    return await NetPrimitives.Benchmarks.Smtp.SmtpSideBySide.RunAsync();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
