using System.Text;
using Hydra.Shared.Jobs;
using Hydra.Tests.Jobs;

namespace Hydra.Tests.Executors;

/// <summary>What submit refuses for the executors of this issue, each with the field that is wrong.</summary>
public sealed class ExecutorValidationTests
{
    private static IReadOnlyList<FieldError> Check(string members)
    {
        var read = JobDocumentReader.Read(Encoding.UTF8.GetBytes(JobJson.Minimal(members)));
        return read.IsSuccess ? JobValidator.Validate(JobDefaults.Apply(read.Value)) : read.Errors;
    }

    [Theory]
    [InlineData("'executor':{'type':'python','code':'x','environment':{'type':'pipenv'}}", "executor.environment.type", "must be one of system, venv, uv; got 'pipenv'")]
    [InlineData("'executor':{'type':'python','code':''}", "executor.code", "is required for a python executor (the code to run; script is accepted as an alias)")]
    [InlineData("'executor':{'type':'python','code':'x','environment':{'python_version':'latest'}}", "executor.environment.python_version", "must be a version such as 3.11 or python3.11; got 'latest'")]
    [InlineData("'executor':{'type':'http'}", "executor.url", "is required for an http executor (an absolute http:// or https:// URL)")]
    [InlineData("'executor':{'type':'http','url':'file:///etc/passwd'}", "executor.url", "must use http or https; got the scheme 'file'")]
    [InlineData("'executor':{'type':'http','url':'/relative'}", "executor.url", "must use http or https; got the scheme 'file'")]
    [InlineData("'executor':{'type':'http','url':'https://x.test','method':'FETCH'}", "executor.method", "must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; got 'FETCH'")]
    [InlineData("'executor':{'type':'http','url':'https://x.test','success_status_codes':[200,700]}", "executor.success_status_codes[1]", "must be between 100 and 599; got 700")]
    [InlineData("'executor':{'type':'http','url':'https://x.test','headers':{'Bad Name':'v'}}", "executor.headers", "has the name 'Bad Name', which is not a valid HTTP header name")]
    [InlineData("'executor':{'type':'http','url':'https://x.test','timeout':0}", "executor.timeout", "must be between 1 and 604800 seconds; got 0")]
    [InlineData("'executor':{'type':'batch','script':'echo hi'}", "affinity.os", "must include windows for a batch executor (cmd /c): it runs on Windows workers only")]
    [InlineData("'executor':{'type':'batch','script':'echo hi'},'affinity':{'os':['linux']}", "affinity.os", "must include windows for a batch executor (cmd /c): it runs on Windows workers only")]
    [InlineData("'executor':{'type':'shell','shell':'powershell','script':'x'}", "affinity.os", "must include windows for shell 'powershell' (use 'pwsh' elsewhere): it runs on Windows workers only")]
    public void Is_refused_with_the_field_and_rule(string members, string field, string message)
    {
        Assert.Equal(new FieldError(field, message), Assert.Single(Check(members)));
    }

    [Theory]
    [InlineData("'executor':{'type':'batch','script':'echo hi'},'affinity':{'os':['Windows']}")]
    [InlineData("'executor':{'type':'shell','shell':'pwsh','script':'Write-Output 1'}")]
    [InlineData("'executor':{'type':'http','url':'https://hooks.example.com/x','method':'post','headers':{'Authorization':'Bearer ${TOKEN}'},'body':'{}','timeout':5,'success_status_codes':[200,204]}")]
    [InlineData("'executor':{'type':'python','script':'print(1)','environment':{'type':'uv','python_version':'python3.12','requirements':['requests']}}")]
    [InlineData("'executor':{'type':'python','code':'print(1)','environment':{'type':'venv','requirements_file':'req.txt'}},'affinity':{'os':['linux']}")]
    [InlineData("'executor':{'type':'shell','script':'pwd','workdir':'/srv/x','create_workdir':true}")]
    public void Is_accepted(string members)
    {
        Assert.Empty(Check(members));
    }
}
