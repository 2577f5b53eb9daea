#:property PublishAot=false
// Renders the benchmark charts: docs/benchmarks/data.json -> docs/img/<chart>.svg, one SVG bar chart per chart.
//
//   dotnet run tools/charts.cs            rewrites docs/img/*.svg from the data file (run from anywhere in the repo)
//   dotnet run tools/charts.cs -- --check exits 1 if a checked-in SVG differs from what the data gives
//
// A .NET 10 file-based app: nothing to install. The integration tests compile this same file
// (tests/NetPrimitives.IntegrationTests/Docs/BenchmarkChartsTests.cs, with NETPRIMITIVES_CHARTS_LIBRARY defined,
// so the top-level statement below drops out) and fail when the SVGs, the data file and docs/benchmarks.md drift
// apart.
//
// Each row of a chart is one comparison from one run: our figure and the baseline's (the naive code or the rival
// library), copied as printed in docs/benchmarks.md. The bar is the ratio, oriented so that right of the 1x line
// is better for us: ours/baseline when higher is better (throughput), baseline/ours when lower is (time).
// The axis is logarithmic because the ratios span 0.5x to 1000x.
#if !NETPRIMITIVES_CHARTS_LIBRARY
return NetPrimitives.Tools.BenchmarkCharts.Run(args);
#endif

namespace NetPrimitives.Tools
{
    using System.Globalization;
    using System.Security;
    using System.Text;
    using System.Text.Json;

    /// <summary>The data file's charts, rendered as SVG; see the file header.</summary>
    public static class BenchmarkCharts
    {
        /// <summary>The data file, relative to the repository root.</summary>
        public const string DataPath = "docs/benchmarks/data.json";

        /// <summary>The folder the SVGs go to, relative to the repository root.</summary>
        public const string ImageFolder = "docs/img";

        private const int Width = 1010;
        private const int LabelWidth = 260;
        private const int PlotWidth = 380;
        private const int RowHeight = 30;
        private const int Top = 78;
        private static readonly double[] Steps = [1, 2, 5];
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        /// <summary>Writes (or with --check, compares) every chart; returns the process exit code.</summary>
        public static int Run(string[] args)
        {
            var check = args.Contains("--check");
            var root = FindRoot(Directory.GetCurrentDirectory());
            var charts = Render(File.ReadAllText(Path.Combine(root, DataPath)));
            var stale = 0;
            foreach (var (file, svg) in charts)
            {
                var path = Path.Combine(root, ImageFolder, file);
                var same = File.Exists(path) && File.ReadAllText(path) == svg;
                if (check)
                {
                    Console.WriteLine($"{(same ? "up to date" : "STALE     ")} {ImageFolder}/{file}");
                    stale += same ? 0 : 1;
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, svg);
                    Console.WriteLine($"{(same ? "unchanged" : "written  ")} {ImageFolder}/{file}");
                }
            }

            if (stale > 0)
            {
                Console.WriteLine($"{stale} chart(s) out of date: run `dotnet run tools/charts.cs` and commit docs/img.");
            }

            return stale == 0 ? 0 : 1;
        }

        /// <summary>Renders every chart of the data file: file name to SVG text, in the file's order.</summary>
        public static IReadOnlyList<(string File, string Svg)> Render(string json)
        {
            using var document = JsonDocument.Parse(json);
            var result = new List<(string, string)>();
            foreach (var chart in document.RootElement.GetProperty("charts").EnumerateArray())
            {
                result.Add((chart.GetProperty("file").GetString()!, RenderChart(chart)));
            }

            return result;
        }

        /// <summary>Parses a figure as printed in the docs ("4,692.08", "0.316").</summary>
        public static double ParseFigure(string text) =>
            double.Parse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, Invariant);

        private static string RenderChart(JsonElement chart)
        {
            // A row may override the chart's unit and direction (one chart can mix msg/s and latency).
            var chartHigherIsBetter = chart.GetProperty("higherIsBetter").GetBoolean();
            var chartUnit = chart.GetProperty("unit").GetString()!;
            var rows = chart.GetProperty("rows").EnumerateArray().Select(r => new
            {
                Label = r.GetProperty("label").GetString()!,
                Ours = r.GetProperty("ours").GetString()!,
                Baseline = r.GetProperty("baseline").GetString()!,
                Unit = r.TryGetProperty("unit", out var u) ? u.GetString()! : chartUnit,
                HigherIsBetter = r.TryGetProperty("higherIsBetter", out var h) ? h.GetBoolean() : chartHigherIsBetter,
            }).ToList();
            var ratios = rows.Select(r => r.HigherIsBetter
                ? ParseFigure(r.Ours) / ParseFigure(r.Baseline)
                : ParseFigure(r.Baseline) / ParseFigure(r.Ours)).ToList();

            // A 1-2-5 log axis that contains 1x and every ratio with a little room.
            var ticks = Ticks(Math.Min(1, ratios.Min()) / 1.2, Math.Max(1, ratios.Max()) * 1.2);
            double X(double ratio) => LabelWidth + (PlotWidth * (Math.Log10(ratio) - Math.Log10(ticks[0])) /
                (Math.Log10(ticks[^1]) - Math.Log10(ticks[0])));

            var height = Top + (rows.Count * RowHeight) + 58;
            var svg = new StringBuilder();
            svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
            svg.Append("<!-- Generated by tools/charts.cs from docs/benchmarks/data.json; do not edit. -->\n");
            svg.Append(Invariant, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
            svg.Append(Invariant, $"<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">{Escape(chart.GetProperty("title").GetString()!)}</text>\n");
            svg.Append(Invariant, $"<text x=\"16\" y=\"46\" fill=\"#555555\">{Escape(chart.GetProperty("run").GetString()!)}</text>\n");
            svg.Append(Invariant, $"<text x=\"16\" y=\"64\" fill=\"#555555\">Bars: how many times better than {Escape(chart.GetProperty("baselineName").GetString()!)} in the same run (log scale; left of 1x: worse).</text>\n");

            var plotBottom = Top + (rows.Count * RowHeight);
            // Over more than three decades only the powers of ten are labelled, so the labels do not collide.
            var decades = Math.Log10(ticks[^1]) - Math.Log10(ticks[0]);
            foreach (var tick in ticks)
            {
                var x = X(tick);
                var one = tick == 1;
                svg.Append(Invariant, $"<line x1=\"{x:0.#}\" y1=\"{Top - 6}\" x2=\"{x:0.#}\" y2=\"{plotBottom + 4}\" stroke=\"{(one ? "#333333" : "#dddddd")}\" stroke-width=\"{(one ? 1.5 : 1)}\"/>\n");
                var powerOfTen = Math.Abs(Math.Log10(tick) - Math.Round(Math.Log10(tick))) < 1e-9;
                if (decades <= 3 || powerOfTen)
                {
                    svg.Append(Invariant, $"<text x=\"{x:0.#}\" y=\"{plotBottom + 20}\" text-anchor=\"middle\" fill=\"#555555\">{FormatTick(tick)}x</text>\n");
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var y = Top + (i * RowHeight);
                var ratio = ratios[i];
                var (from, to) = ratio >= 1 ? (X(1), X(ratio)) : (X(ratio), X(1));
                var color = ratio >= 1 ? "#2e7d32" : "#e65100";
                svg.Append(Invariant, $"<text x=\"{LabelWidth - 10}\" y=\"{y + 19}\" text-anchor=\"end\">{Escape(rows[i].Label)}</text>\n");
                svg.Append(Invariant, $"<rect x=\"{from:0.#}\" y=\"{y + 6}\" width=\"{Math.Max(1, to - from):0.#}\" height=\"{RowHeight - 12}\" fill=\"{color}\"/>\n");
                svg.Append(Invariant, $"<text x=\"{LabelWidth + PlotWidth + 12}\" y=\"{y + 19}\"><tspan font-weight=\"bold\">{FormatRatio(ratio)}x</tspan> ({Escape(rows[i].Ours)} vs {Escape(rows[i].Baseline)} {Escape(rows[i].Unit)}{(rows[i].HigherIsBetter ? "" : ", lower is better")})</text>\n");
            }

            svg.Append(Invariant, $"<text x=\"16\" y=\"{plotBottom + 44}\" fill=\"#555555\">{Escape(chart.GetProperty("source").GetString()!)}</text>\n");
            svg.Append("</svg>\n");
            return svg.ToString();
        }

        private static List<double> Ticks(double low, double high)
        {
            var ticks = new List<double>();
            for (var decade = Math.Floor(Math.Log10(low)); ; decade++)
            {
                foreach (var step in Steps)
                {
                    var tick = step * Math.Pow(10, decade);
                    if (ticks.Count == 0 && tick * 2.5 <= low)
                    {
                        continue;
                    }

                    ticks.Add(Math.Round(tick, 6));
                    if (tick >= high)
                    {
                        return ticks;
                    }
                }
            }
        }

        private static string FormatTick(double tick) => tick.ToString(tick < 1 ? "0.###" : "#,0", Invariant);

        private static string FormatRatio(double ratio) =>
            ratio.ToString(ratio >= 100 ? "#,0" : ratio >= 10 ? "0.0" : "0.00", Invariant);

        private static string Escape(string text) => SecurityElement.Escape(text);

        private static string FindRoot(string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NetPrimitives.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Run from inside the NetPrimitives repository (NetPrimitives.sln not found above " + start + ").");
        }
    }
}
