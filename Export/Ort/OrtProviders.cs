using System.Collections.Concurrent;

namespace GraphNav.Export.Ort;

/// <summary>Which provider a device choice resolves to in this process, for records and reports.</summary>
public static class OrtProviders
{
    private static readonly ConcurrentDictionary<OrtDevice, string> Resolved = new();

    /// <summary>
    /// "cpu", "cuda:N", or for cuda that cannot load "cuda:N (unavailable)"; auto resolves as a
    /// session would (cuda:N when CUDA loads, else cpu). Cached per device: the answer cannot change
    /// within a process.
    /// </summary>
    public static string Describe(OrtDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Resolved.GetOrAdd(device, d =>
        {
            if (d.Kind == OrtDeviceKind.Cpu) return "cpu";
            try
            {
                // Only asking: the auto fallback notice is left for the session that really opens.
                var (options, provider) = OrtSessionOptionsFactory.Create(new OrtSessionSettings { Device = d }, announceFallback: false);
                options.Dispose();
                return provider;
            }
            catch (OrtDeviceException)
            {
                return $"cuda:{d.DeviceId} (unavailable)";
            }
        });
    }
}
