using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hydra.Tests.Tenancy;

/// <summary>
/// Hostile request bodies, reproducible from a seed: random JSON, valid documents with one field's type confused,
/// bad cron and time zones, huge strings and arrays, deep nesting, invalid UTF-8, byte-level mutations, non-JSON.
/// </summary>
internal sealed class PayloadGenerator(int seed)
{
    private static readonly string[] Fields =
        ["name", "user", "executor", "schedule", "completion", "affinity", "retries", "timeout", "priority", "domain",
         "display_name", "description", "value", "state", "env", "type", "script", "cron", "timezone", "interval_seconds",
         "start_at", "end_at", "exit_codes", "tags", "secret", "mode", "enabled", "args", "command", "retry_backoff"];

    private static readonly string[] Strings =
        ["", " ", "a", "shell", "python", "cron", "interval", "immediate", "online", "draining", "disabled", "UTC",
         "Mars/Olympus", "Europe/Paris ", "* * *", "61 * * * *", "@never", "*/0 * * * *", "1-0 * * * *", "0 0 30 2 *",
         "2026-13-45T99:99:99Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "{prod}", "a:b", "../../etc/passwd",
         "\u0000", "\uFFFF", "😀", "<script>", "' OR 1=1 --", "NaN", "-1", "1e309", "true", "null", "{\"secret\":\"db\"}"];

    private readonly Random _random = new(seed);

    public byte[] Next(out string kind)
    {
        var pick = _random.Next(100);
        (kind, var body) = pick switch
        {
            < 20 => ("random-json", Utf8(RandomValue(4)?.ToJsonString() ?? "null")),
            < 40 => ("type-confusion", Utf8(Confused().ToJsonString())),
            < 50 => ("bad-schedule", Utf8(BadSchedule().ToJsonString())),
            < 52 => ("huge-string", Utf8(HugeString())),
            < 54 => ("huge-array", Utf8(HugeArray())),
            < 60 => ("deep-nesting", Utf8(Deep())),
            < 68 => ("invalid-utf8", InvalidUtf8()),
            < 85 => ("byte-mutation", Mutated()),
            < 90 => ("not-json", Utf8(Strings[_random.Next(Strings.Length)])),
            _ => ("small-object", Utf8(SmallObject().ToJsonString())),
        };
        return body;
    }

    public static JsonObject ValidJob(string name) => new()
    {
        ["name"] = name,
        ["executor"] = new JsonObject { ["type"] = "shell", ["script"] = "echo fuzz" },
        ["affinity"] = new JsonObject { ["tags"] = new JsonArray("nobody-has-this-tag") },
        ["schedule"] = new JsonObject { ["mode"] = "interval", ["interval_seconds"] = 3600, ["enabled"] = false },
        ["retries"] = 0,
        ["timeout"] = 10,
    };

    private JsonNode? RandomValue(int depth) => _random.Next(depth <= 0 ? 5 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(_random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(_random.NextDouble() * Math.Pow(10, _random.Next(-5, 300))),
        4 => JsonValue.Create(Strings[_random.Next(Strings.Length)]),
        5 or 6 => RandomObject(depth - 1),
        _ => new JsonArray(Enumerable.Range(0, _random.Next(5)).Select(_ => RandomValue(depth - 1)).ToArray()),
    };

    private JsonObject RandomObject(int depth)
    {
        var node = new JsonObject();
        for (var i = _random.Next(6); i > 0; i--)
        {
            node[Fields[_random.Next(Fields.Length)]] = RandomValue(depth);
        }

        return node;
    }

    /// <summary>A valid job with one field (possibly nested) replaced by a value of another type.</summary>
    private JsonObject Confused()
    {
        var job = ValidJob("fuzz-" + _random.Next(1000));
        var target = _random.Next(3) switch
        {
            0 => job,
            1 => job["executor"]!.AsObject(),
            _ => job["schedule"]!.AsObject(),
        };
        target[Fields[_random.Next(Fields.Length)]] = RandomValue(2);
        if (_random.Next(4) == 0 && job["executor"] is JsonObject executor)
        {
            executor["env"] = new JsonObject { ["X"] = RandomValue(2) };
        }

        return job;
    }

    private JsonObject BadSchedule()
    {
        var job = ValidJob("fuzz-schedule");
        job["schedule"] = new JsonObject
        {
            ["mode"] = _random.Next(2) == 0 ? "cron" : Strings[_random.Next(Strings.Length)],
            ["cron"] = Strings[_random.Next(Strings.Length)],
            ["timezone"] = Strings[_random.Next(Strings.Length)],
            ["interval_seconds"] = RandomValue(0),
            ["start_at"] = Strings[_random.Next(Strings.Length)],
            ["end_at"] = RandomValue(0),
        };
        return job;
    }

    private string HugeString()
    {
        var size = _random.Next(2) == 0 ? 300_000 : 1_100_000;
        var field = Fields[_random.Next(Fields.Length)];
        return $"{{\"name\":\"huge\",\"{field}\":\"{new string('x', size)}\",\"executor\":{{\"type\":\"shell\",\"script\":\"true\"}}}}";
    }

    private string HugeArray()
    {
        var items = string.Join(',', Enumerable.Repeat("\"t\"", _random.Next(2) == 0 ? 5_000 : 150_000));
        return $"{{\"name\":\"huge\",\"affinity\":{{\"tags\":[{items}]}},\"args\":[{items}],\"executor\":{{\"type\":\"shell\",\"script\":\"true\"}}}}";
    }

    private string Deep()
    {
        var depth = _random.Next(2) == 0 ? _random.Next(25, 40) : _random.Next(100, 5000);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        return "{\"name\":\"deep\",\"executor\":" + string.Concat(Enumerable.Repeat(open, depth)) + "1" +
            string.Concat(Enumerable.Repeat(close, depth)) + "}";
    }

    private byte[] InvalidUtf8()
    {
        var text = Utf8(ValidJob("utf8").ToJsonString()).ToList();
        byte[][] bad = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]];
        // Inside a string value (after the name's opening quote) and somewhere random.
        text.InsertRange(9, bad[_random.Next(bad.Length)]);
        text.InsertRange(_random.Next(text.Count), bad[_random.Next(bad.Length)]);
        return [.. text];
    }

    private byte[] Mutated()
    {
        var bytes = Utf8(ValidJob("mutant").ToJsonString()).ToList();
        for (var i = _random.Next(1, 6); i > 0 && bytes.Count > 0; i--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(3))
            {
                case 0: bytes[at] = (byte)_random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, "{}[],:\"\\0e-"u8[_random.Next(11)]); break;
            }
        }

        return [.. bytes];
    }

    private JsonObject SmallObject() => new()
    {
        ["domain"] = RandomValue(1),
        ["value"] = RandomValue(1),
        ["state"] = _random.Next(2) == 0 ? Strings[_random.Next(Strings.Length)] : RandomValue(1),
        ["display_name"] = RandomValue(0),
        [Fields[_random.Next(Fields.Length)]] = RandomValue(2),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Describe(byte[] body) =>
        body.Length <= 200 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body, 0, 200) + string.Create(CultureInfo.InvariantCulture, $"… ({body.Length} bytes)");
}
