using Microsoft.Extensions.Options;

namespace NetPrimitives.Hosting;

// Validates one kind of options at host start (ValidateOnStart): the errors recorded while reading configuration,
// then the component's own checks (its setters or its constructor throw; check runs them). Every failure names the
// setting by its configuration path when the options came from configuration, else by the options' type and name.
internal sealed class OptionsValidator<TOptions>(Action<TOptions> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var source = ConfigurationReader.SourceOf(options);
        var failures = new List<string>(source?.Errors ?? []);
        if (failures.Count == 0)
        {
            try
            {
                check(options);
            }
            catch (ArgumentException e)
            {
                var where = source?.Path ?? (string.IsNullOrEmpty(name) ? typeof(TOptions).Name : $"{typeof(TOptions).Name} '{name}'");
                failures.Add(e.ParamName is { } setting ? $"{where}:{setting}: {ConfigurationReader.Describe(e)}" : $"{where}: {ConfigurationReader.Describe(e)}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
