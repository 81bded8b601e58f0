using System.Diagnostics.CodeAnalysis;

namespace Hydra.Shared.Jobs;

/// <summary>Either the value read from a request body or every reason it could not be read.</summary>
internal sealed class JobReadResult<T>
    where T : class
{
    private JobReadResult(T? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Value is not null;

    public static JobReadResult<T> Success(T value) => new(value, []);

    public static JobReadResult<T> Failure(FieldError error) => new(null, [error]);
}
