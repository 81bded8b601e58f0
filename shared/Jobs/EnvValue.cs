using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hydra.Shared.Jobs;

/// <summary>
/// One value of <c>executor.env</c>: a plain string, or a reference to a secret of the job's domain,
/// <c>{"secret": "db"}</c>. A reference is what the job, the store and the API hold; the function app resolves it to
/// the secret's value only in the payload it pushes to Redis for a worker (<c>secret_env</c> names those variables,
/// so the worker masks their values in everything it reports).
/// </summary>
[JsonConverter(typeof(EnvValueConverter))]
public sealed record EnvValue
{
    /// <summary>The literal value (or, in a resolved dispatch payload, the secret's value).</summary>
    public string? Value { get; init; }

    /// <summary>The name of the domain secret this variable takes its value from.</summary>
    public string? Secret { get; init; }

    public bool IsSecretReference => Secret is not null;

    /// <summary>Plain strings stay plain: <c>Env = new() { ["A"] = "b" }</c> keeps working.</summary>
    public static implicit operator EnvValue(string value) => FromString(value);

    public static EnvValue FromString(string value) => new() { Value = value };

    public static EnvValue FromSecret(string name) => new() { Secret = name };

    public override string ToString() => Secret is null ? Value ?? "" : $"{{secret: {Secret}}}";
}

/// <summary>
/// Reads a string or <c>{"secret": "name"}</c> (unknown fields beside <c>secret</c> are ignored, as everywhere in the
/// job document); anything else is a JSON error at the variable's path, which the job reader turns into a field error.
/// </summary>
public sealed class EnvValueConverter : JsonConverter<EnvValue>
{
    public override EnvValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return EnvValue.FromString(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An env value must be a string or {\"secret\": \"name\"}.");
        }

        string? secret = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "secret" && reader.TokenType == JsonTokenType.String)
            {
                secret = reader.GetString();
            }
            else if (name == "secret")
            {
                throw new JsonException("secret must be a string: the name of a secret of the job's domain.");
            }
            else
            {
                reader.Skip();
            }
        }

        return secret is null
            ? throw new JsonException("An env value object must be {\"secret\": \"name\"}.")
            : EnvValue.FromSecret(secret);
    }

    public override void Write(Utf8JsonWriter writer, EnvValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Secret is { } secret)
        {
            writer.WriteStartObject();
            writer.WriteString("secret", secret);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
