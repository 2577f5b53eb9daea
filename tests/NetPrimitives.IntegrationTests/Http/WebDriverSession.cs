using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NetPrimitives.IntegrationTests.Framing;

namespace NetPrimitives.IntegrationTests.Http;

/// <summary>
/// Headless Chromium driven through chromedriver's W3C WebDriver HTTP API (https://www.w3.org/TR/webdriver2/)
/// with HttpClient and System.Text.Json only, on loopback. Disposing ends the session and kills chromedriver
/// (and with it Chromium), so a failing test never leaves a browser behind.
/// </summary>
internal sealed class WebDriverSession : IAsyncDisposable
{
    // The W3C key of a web element reference (WebDriver §12.1: "web element identifier").
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _driver;
    private readonly HttpClient _http;
    private readonly string _profile;
    private string? _sessionId;

    private WebDriverSession(ChildProcess driver, HttpClient http, string profile)
    {
        _driver = driver;
        _http = http;
        _profile = profile;
    }

    /// <summary>
    /// Starts chromedriver on a loopback port of the system's choosing and opens a headless Chromium session, with
    /// <paramref name="browserArguments"/> added to Chromium's command line.
    /// </summary>
    public static async Task<WebDriverSession> StartAsync(string chromedriver, string chromium, params string[] browserArguments)
    {
        // Port 0: chromedriver binds a free port and says which once it listens ("... started successfully on port N.").
        var driver = ChildProcess.Start(chromedriver, "--port=0", "--allowed-ips=127.0.0.1");
        int port;
        try
        {
            var started = await driver.WaitForLineAsync("ChromeDriver was started successfully");
            var match = System.Text.RegularExpressions.Regex.Match(started, @"on port (\d+)");
            Assert.True(match.Success, $"chromedriver did not say its port: {started}");
            port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }

        // No proxy: a proxy from the environment must never see these loopback requests.
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = StepTimeout,
        };
        var session = new WebDriverSession(driver, http, Directory.CreateTempSubdirectory("np-chromium-").FullName);
        try
        {
            await session.CheckReadyAsync();
            await session.CreateSessionAsync(chromium, browserArguments);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public Task NavigateAsync(string url) => CommandAsync(HttpMethod.Post, "url", new JsonObject { ["url"] = url });

    /// <summary>The first element matching a CSS selector (WebDriver §12.3.2 Find Element).</summary>
    public async Task<string> FindAsync(string cssSelector)
    {
        var value = await CommandAsync(HttpMethod.Post, "element", new JsonObject { ["using"] = "css selector", ["value"] = cssSelector });
        return value[ElementKey]!.GetValue<string>();
    }

    public Task ClearAsync(string element) => CommandAsync(HttpMethod.Post, $"element/{element}/clear", new JsonObject());

    /// <summary>Types text; for a file input the text is the absolute path of the file to choose (WebDriver §12.5.3).</summary>
    public Task SendKeysAsync(string element, string text) =>
        CommandAsync(HttpMethod.Post, $"element/{element}/value", new JsonObject { ["text"] = text });

    public Task ClickAsync(string element) => CommandAsync(HttpMethod.Post, $"element/{element}/click", new JsonObject());

    public async Task<string> TextAsync(string element) =>
        (await CommandAsync(HttpMethod.Get, $"element/{element}/text", null)).GetValue<string>();

    public async Task<string> CurrentUrlAsync() => (await CommandAsync(HttpMethod.Get, "url", null)).GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_sessionId is not null)
            {
                // Ends Chromium cleanly; killing chromedriver's process tree below is the fallback.
                await CommandAsync(HttpMethod.Delete, string.Empty, null).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            // The driver is going away anyway; the kill below cleans up.
        }
        finally
        {
            _sessionId = null;
            _http.Dispose();
            await _driver.DisposeAsync();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile for a moment; a leftover temp folder is harmless.
            }
        }
    }

    /// <summary>Asks GET /status whether chromedriver is ready for a session (WebDriver §8.3); it listens already.</summary>
    private async Task CheckReadyAsync()
    {
        using var response = await _http.GetAsync("status");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (body?["value"]?["ready"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"chromedriver is not ready: {body}. Output: {string.Join(" | ", _driver.Output)} Stderr: {_driver.Stderr}");
        }
    }

    private async Task CreateSessionAsync(string chromium, string[] browserArguments)
    {
        var args = new JsonArray(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            // Without these Chromium reaches out to the internet (updates, sync, field trials), which is closed here.
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-proxy-server", $"--user-data-dir={_profile}");
        foreach (var argument in browserArguments)
        {
            args.Add(argument);
        }

        var capabilities = new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["alwaysMatch"] = new JsonObject
                {
                    ["browserName"] = "chrome",
                    // Every navigation and script has a bound (WebDriver §9: timeouts, in milliseconds).
                    // "implicit": finding an element waits for it to appear (the browser's own signal) up to 20 s.
                    ["timeouts"] = new JsonObject { ["pageLoad"] = 20_000, ["script"] = 10_000, ["implicit"] = 20_000 },
                    ["goog:chromeOptions"] = new JsonObject { ["binary"] = chromium, ["args"] = args },
                },
            },
        };
        var value = await SendAsync(HttpMethod.Post, "session", capabilities);
        _sessionId = value["sessionId"]!.GetValue<string>();
    }

    private Task<JsonNode> CommandAsync(HttpMethod method, string command, JsonObject? body)
    {
        var path = command.Length == 0 ? $"session/{_sessionId}" : $"session/{_sessionId}/{command}";
        return SendAsync(method, path, body);
    }

    /// <summary>Sends one command; a WebDriver error (WebDriver §6.6: {"value":{"error","message"}}) becomes an exception.</summary>
    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // A string body has a Content-Length: chromedriver resets a chunked request (JsonContent streams).
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var cancel = new CancellationTokenSource(StepTimeout);
        using var response = await _http.SendAsync(request, cancel.Token);
        var text = await response.Content.ReadAsStringAsync(cancel.Token);
        var value = JsonNode.Parse(text)?["value"];
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"WebDriver {method} /{path} failed with {(int)response.StatusCode}: {value?["error"]} {value?["message"]}");
        }

        // Commands without a result (click, clear, navigate) return "value": null.
        return value ?? JsonValue.Create(string.Empty)!;
    }
}
