namespace NetPrimitives.Tests.Infrastructure;

/// <summary>Finds the repository the tests run from (walking up from the test binaries).</summary>
internal static class Repository
{
    /// <summary>The folder holding NetPrimitives.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetPrimitives.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("NetPrimitives.sln not found above " + AppContext.BaseDirectory);
    }
}
