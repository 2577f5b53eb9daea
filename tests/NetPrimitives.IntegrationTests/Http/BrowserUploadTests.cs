using NetPrimitives.IntegrationTests.Samples;
using System.Globalization;
using System.Text.RegularExpressions;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>
/// A real browser against the MiniHttp sample run as a user runs it (<c>dotnet MiniHttp.dll --port 0</c>, and over
/// HTTPS with <c>--cert</c>): headless Chromium, driven through chromedriver, opens /upload, fills the text field,
/// chooses a file and submits the form; the page it gets back must report the field and the file as the sample
/// prints them.
/// </summary>
public sealed partial class BrowserUploadTests
{
    [GeneratedRegex(@"^Serving on (https?)://127\.0\.0\.1:(\d+)/ ")]
    private static partial Regex ServingLine();

    [Fact]
    public Task Chromium_submits_the_upload_form_with_a_field_and_a_file() => SubmitUploadFormAsync(https: false);

    /// <summary>
    /// The same over HTTPS: the sample serves a certificate the test authority issued for localhost, from PEM files;
    /// Chromium, with no system store to change, trusts exactly that certificate's key through its command line
    /// (<c>--ignore-certificate-errors-spki-list</c>: the base64 SHA-256 of its SubjectPublicKeyInfo, honoured with
    /// <c>--user-data-dir</c>), and talks to https://localhost with the name checked as usual.
    /// </summary>
    [Fact]
    public Task Chromium_submits_the_upload_form_over_https() => SubmitUploadFormAsync(https: true);

    private static async Task SubmitUploadFormAsync(bool https)
    {
        var chromedriver = Peers.Require("chromedriver", "drives headless Chromium through WebDriver for the /upload form test");
        var chromium = Peers.Require("chromium", "the real browser that submits the MiniHttp /upload form");

        var folder = Directory.CreateTempSubdirectory("np-browser-").FullName;
        try
        {
            // Bytes that look like multipart syntax (CRLF, "--", a boundary-ish line) and are not valid UTF-8,
            // large enough to arrive in several reads: the reported length proves the body was split correctly.
            var content = new byte[70_000];
            new Random(5).NextBytes(content);
            "\r\n--\r\n------WebKitFormBoundary\r\n"u8.CopyTo(content.AsSpan(1_000));
            var file = Path.Combine(folder, "browser-upload.bin");
            await File.WriteAllBytesAsync(file, content);

            string[] tls = [];
            string[] browserArguments = [];
            if (https)
            {
                var ca = TestCertificateAuthority.Shared;
                var (_, cert, key) = ca.WritePem(folder);
                tls = ["--cert", cert, "--cert-key", key];
                var spki = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(ca.Server.PublicKey.ExportSubjectPublicKeyInfo()));
                browserArguments = [$"--ignore-certificate-errors-spki-list={spki}"];
            }

            await using var sample = SampleRunner.Start("MiniHttp", ["--port", "0", .. tls]);
            var serving = await sample.WaitForLineAsync("Serving on ");
            var match = ServingLine().Match(serving);
            Assert.True(match.Success, $"unexpected start line: {serving}");
            Assert.Equal(https ? "https" : "http", match.Groups[1].Value);
            var baseUrl = https ? $"https://localhost:{match.Groups[2].Value}/" : $"http://127.0.0.1:{match.Groups[2].Value}/";

            await using var browser = await WebDriverSession.StartAsync(chromedriver, chromium, browserArguments);
            await browser.NavigateAsync(baseUrl + "upload");
            var name = await browser.FindAsync("input[name='name']");
            await browser.ClearAsync(name); // the form pre-fills "dhellmann"
            await browser.SendKeysAsync(name, "Zoë Browser");
            await browser.SendKeysAsync(await browser.FindAsync("input[type='file'][name='datafile']"), file);
            await browser.ClickAsync(await browser.FindAsync("form button"));

            // The reply is text/plain, which Chromium shows in a <pre>; the form page has none.
            var page = await WaitForResultAsync(browser);
            Assert.Equal(baseUrl + "upload", await browser.CurrentUrlAsync());
            Assert.Contains("Path: /upload", page, StringComparison.Ordinal);
            Assert.Matches(@"User-agent: Mozilla/5\.0 .*Chrome/\d+", page);
            Assert.Contains(
                string.Create(CultureInfo.InvariantCulture, $"Uploaded datafile as \"browser-upload.bin\" ({content.Length} bytes)"),
                page,
                StringComparison.Ordinal);
            Assert.Contains("name=Zoë Browser", page, StringComparison.Ordinal);
            Assert.DoesNotContain("dhellmann", page, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The reply page after the click: finding its &lt;pre&gt; waits (the session's implicit wait) until the
    /// navigation has put one there; the form page has none.
    /// </summary>
    private static async Task<string> WaitForResultAsync(WebDriverSession browser)
    {
        var text = await browser.TextAsync(await browser.FindAsync("pre"));
        Assert.Contains("Form data:", text, StringComparison.Ordinal);
        return text;
    }
}
