// Compiled in beside a learner's `static async Task Main` (C# 7.1), which mcs does not take as an
// entry point: this one finds it, runs it, and waits for it. GetResult() rethrows the learner's own
// exception with its own stack trace, and a Task<int> result becomes the exit code.
using System;
using System.Reflection;
using System.Threading.Tasks;

static class CodegroundAsyncMain
{
    static int Main(string[] args)
    {
        const BindingFlags all = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (Type type in typeof(CodegroundAsyncMain).Assembly.GetTypes())
        {
            foreach (MethodInfo method in type.GetMethods(all))
            {
                if (method.Name != "Main" || !typeof(Task).IsAssignableFrom(method.ReturnType)) continue;
                Task task = (Task) method.Invoke(null, method.GetParameters().Length == 0 ? null : new object[] { args });
                task.GetAwaiter().GetResult();
                Task<int> withCode = task as Task<int>;
                return withCode != null ? withCode.Result : 0;
            }
        }
        Console.Error.WriteLine("No static Main method was found: write one, e.g. static void Main(string[] args) in any class.");
        return 1;
    }
}
