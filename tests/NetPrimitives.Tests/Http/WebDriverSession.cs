using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using NetPrimitives.Tests.Framing;

namespace NetPrimitives.Tests.Http;

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

    /// <summary>Starts chromedriver on a free loopback port and opens a headless Chromium session.</summary>
    public static async Task<WebDriverSession> StartAsync(string chromedriver, string chromium)
    {
        var port = FreeLoopbackPort();
        var driver = ChildProcess.Start(chromedriver, $"--port={port}", "--allowed-ips=127.0.0.1");
        // No proxy: a proxy from the environment must never see these loopback requests.
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = StepTimeout,
        };
        var session = new WebDriverSession(driver, http, Directory.CreateTempSubdirectory("np-chromium-").FullName);
        try
        {
            await session.WaitUntilReadyAsync();
            await session.CreateSessionAsync(chromium);
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

    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Polls GET /status until chromedriver reports ready (WebDriver §8.3), or times out.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var deadline = new CancellationTokenSource(StepTimeout);
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync("status", deadline.Token);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(deadline.Token);
                if (body?["value"]?["ready"]?.GetValue<bool>() == true)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"chromedriver did not become ready within {StepTimeout.TotalSeconds} s. Output: {string.Join(" | ", _driver.Output)} Stderr: {_driver.Stderr}");
    }

    private async Task CreateSessionAsync(string chromium)
    {
        var args = new JsonArray(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            // Without these Chromium reaches out to the internet (updates, sync, field trials), which is closed here.
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-proxy-server", $"--user-data-dir={_profile}");
        var capabilities = new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["alwaysMatch"] = new JsonObject
                {
                    ["browserName"] = "chrome",
                    // Every navigation and script has a bound (WebDriver §9: timeouts, in milliseconds).
                    ["timeouts"] = new JsonObject { ["pageLoad"] = 20_000, ["script"] = 10_000, ["implicit"] = 0 },
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
