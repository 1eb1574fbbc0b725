using GraphNav.TestSupport;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>
/// Checkpoints a user might hand over by mistake or malice (issue 14): every one is refused with an
/// InvalidDataException naming the file and the problem, before any large allocation and without
/// blocking.
/// </summary>
public class HostileCheckpointTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-hostile-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>A safetensors file with the given header JSON followed by <paramref name="dataBytes"/> zero bytes.</summary>
    private string Raw(string header, int dataBytes = 0, string name = "x.safetensors")
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Refused(string path, string expected) =>
        Assert.That(() => GptCheckpoint.Load(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(path).And.Message.Contains(expected));

    [Test]
    public void Duplicate_tensor_names_are_refused()
    {
        string path = Raw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
        Refused(path, "names 'a' twice");
    }

    [TestCase("[1,2]", "array")]
    [TestCase("\"text\"", "string")]
    [TestCase("7", "number")]
    public void Metadata_that_is_not_an_object_is_refused(string value, string kind)
    {
        string path = Raw("{\"__metadata__\":" + value + "}");
        Refused(path, $"__metadata__ is a JSON {kind}");
    }

    [TestCase("[2147483647,2147483647,2147483647]")]
    [TestCase("[65536,65536,65536,65536]")]
    [TestCase("[3000000000]")]
    [TestCase("[-1]")]
    public void Shapes_whose_size_overflows_or_exceeds_the_file_are_refused(string shape)
    {
        string path = Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,16]}}", 16);
        Refused(path, "tensor 'w'");
    }

    [Test]
    public void A_352_byte_checkpoint_asking_for_two_billion_parameters_is_refused_before_allocation()
    {
        // VocabSize 2^24 × Channels 128 = 2.1e9 floats of wte alone: 8.6 GB if it were allocated.
        string config = """{"VocabSize":16777216,"ContextLength":32,"Layers":2,"Heads":2,"Channels":128}""";
        string header = "{\"__metadata__\":{\"graphnav.format\":\"graphnav.gpt/1\",\"graphnav.config\":" +
            System.Text.Json.JsonSerializer.Serialize(config) + "},\"wte\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        string path = Raw(header, 4);
        Assert.That(new FileInfo(path).Length, Is.LessThan(400));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused(path, "floats of parameters");
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(10_000_000), "bytes allocated while refusing");
    }

    [Test]
    public void A_config_with_absurd_layers_is_refused_naming_the_field()
    {
        string config = """{"VocabSize":11,"ContextLength":7,"Layers":2000000000,"Heads":2,"Channels":8,"ShareLayers":true}""";
        string header = "{\"__metadata__\":{\"graphnav.format\":\"graphnav.gpt/1\",\"graphnav.config\":" +
            System.Text.Json.JsonSerializer.Serialize(config) + "}}";
        Refused(Raw(header), "Layers");
    }

    [Test]
    public void NaN_weights_are_named_on_the_engine_path()
    {
        var model = new GptModel(TestData.Tiny(), seed: 1, maxBatch: 1);
        model.Parameters.Qkvw.Span[5] = float.NaN;
        string path = Path.Combine(_dir, "nan.safetensors");
        GptCheckpoint.Save(path, model);
        Refused(path, "tensor 'qkvw' holds NaN at flat index 5");
        model.Parameters.Qkvw.Span[5] = float.PositiveInfinity;
        GptCheckpoint.Save(path, model);
        Refused(path, "tensor 'qkvw' holds Infinity");
    }

    [Test]
    public void A_directory_is_refused()
    {
        string path = Path.Combine(_dir, "folder.safetensors");
        Directory.CreateDirectory(path);
        Refused(path, "is a directory");
    }

    [Test]
    public void Dev_zero_is_refused_without_reading_it()
    {
        if (!File.Exists("/dev/zero")) Assert.Ignore("no /dev/zero on this system");
        var clock = Stopwatch.StartNew();
        Refused("/dev/zero", "character device");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void A_fifo_is_refused_without_blocking()
    {
        string fifo = Path.Combine(_dir, "pipe.safetensors");
        if (!NamedPipes.TryCreate(fifo)) Assert.Ignore("mkfifo is not available here");
        var load = Task.Run(() => GptCheckpoint.Load(fifo));
        Assert.That(((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), Is.True, "loading a FIFO blocked");
        Assert.That(load.Exception?.InnerException, Is.TypeOf<InvalidDataException>().And.Message.Contains("FIFO"));
    }

    [Test]
    public void A_file_larger_than_the_limit_is_refused_naming_the_override()
    {
        string path = Raw("{}", 64);
        Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_CHECKPOINT_BYTES", "32");
        try
        {
            Refused(path, "GRAPHNAV_LIMIT_CHECKPOINT_BYTES");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_CHECKPOINT_BYTES", null);
        }
    }
}
