using System.Diagnostics;
using System.Text.Json;

namespace GraphNav.Fuzz.Tests;

/// <summary>
/// `graphnav` invocations served by a child process: each stdin line is a JSON array of arguments,
/// run through the CLI's own entry point (Program.Main) with its console captured; each reply line is
/// {"exit": code, "error": first line of stderr}. One process serves thousands of inputs, and a
/// native crash or a hang in one of them is seen by the parent (EOF, timeout) instead of killing the
/// test run.
/// </summary>
public static class CliServer
{
    /// <summary>The child's loop; returns when stdin closes.</summary>
    public static int Serve()
    {
        var protocol = Console.Out;
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        var main = typeof(Cli.Commands.EvaluateCommand).Assembly.GetType("GraphNav.Cli.Program")!
            .GetMethod("Main", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            output.GetStringBuilder().Clear();
            error.GetStringBuilder().Clear();
            var args = JsonSerializer.Deserialize<string[]>(line)!;
            int exit;
            try
            {
                exit = (int)main.Invoke(null, [args])!;
            }
            catch (System.Reflection.TargetInvocationException e)
            {
                // An exception escaping Main is what a user sees as an unhandled-exception crash.
                error.WriteLine($"unhandled {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
                exit = 134;
            }
            // The error line, not progress lines printed before it.
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var first = lines.FirstOrDefault(l => l.StartsWith("graphnav:", StringComparison.Ordinal) || l.StartsWith("unhandled", StringComparison.Ordinal))
                ?? lines.LastOrDefault() ?? "";
            protocol.WriteLine(JsonSerializer.Serialize(new Reply(exit, first, error.ToString().Count(c => c == '\n'))));
            protocol.Flush();
        }
        return 0;
    }

    /// <summary>One reply: the exit code, the first stderr line and how many lines stderr had.</summary>
    public sealed record Reply(int Exit, string Error, int ErrorLines);

    /// <summary>The parent's handle on a serving child.</summary>
    public sealed class Client : IDisposable
    {
        private Process _child;

        /// <summary>Starts a child.</summary>
        public Client() => _child = Start();

        /// <summary>Runs graphnav with <paramref name="args"/> in the child; throws on a crash (the child died) or a hang.</summary>
        public Reply Run(string[] args, TimeSpan timeout)
        {
            ArgumentNullException.ThrowIfNull(args);
            _child.StandardInput.WriteLine(JsonSerializer.Serialize(args));
            _child.StandardInput.Flush();
            var read = _child.StandardOutput.ReadLineAsync();
            if (!read.Wait(timeout))
            {
                Restart();
                throw new TimeoutException($"graphnav hung (> {timeout.TotalSeconds:F0} s) on: {string.Join(' ', args)}");
            }
            if (read.Result is not { } line)
            {
                _child.WaitForExit();
                string stderr = _child.StandardError.ReadToEnd();
                int code = _child.ExitCode;
                Restart();
                throw new InvalidOperationException($"graphnav crashed (exit {code}) on: {string.Join(' ', args)}: {stderr}");
            }
            return JsonSerializer.Deserialize<Reply>(line)!;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                _child.StandardInput.Close();
                if (!_child.WaitForExit(10_000)) _child.Kill();
            }
            finally
            {
                _child.Dispose();
            }
        }

        private void Restart()
        {
            try
            {
                if (!_child.HasExited) _child.Kill();
                _child.WaitForExit();
            }
            finally
            {
                _child.Dispose();
            }
            _child = Start();
        }

        private static Process Start()
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(host) || !File.Exists(host)) host = "dotnet";
            var info = new ProcessStartInfo(host)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(typeof(CliServer).Assembly.Location);
            info.ArgumentList.Add("cli-server");
            // Stderr is read only after a crash; a child that writes much to it must not block.
            var process = Process.Start(info) ?? throw new InvalidOperationException("the CLI child did not start");
            return process;
        }
    }
}
