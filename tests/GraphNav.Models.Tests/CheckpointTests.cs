using System.Buffers.Binary;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

public class CheckpointTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "graphnav-ckpt-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static float[] LogitsOf(GptModel model)
    {
        int[] ids = TestData.Ids(2 * 7, 11, 3);
        var logits = new float[2 * 7 * 11];
        model.Logits(ids, 2, 7, logits);
        return logits;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Save_then_load_gives_identical_logits(bool tied)
    {
        var model = new GptModel(TestData.Tiny(tied), seed: 4, maxBatch: 2);
        string path = Path.Combine(_dir, "m.safetensors");
        GptCheckpoint.Save(path, model);
        var (loaded, state) = GptCheckpoint.Load(path);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Config, Is.EqualTo(model.Config));
            Assert.That(state, Is.Null);
            Assert.That(LogitsOf(loaded), Is.EqualTo(LogitsOf(model)));
        });
    }

    [Test]
    public void Resumed_training_continues_with_identical_bits()
    {
        var source = new RandomBatches(11, 7);
        var config = new TrainingConfig { Steps = 6, BatchSize = 2, WarmupSteps = 2, Seed = 1 };
        var straight = Trainer.Create(TestData.Tiny(), config);
        straight.Run(source.Fresh());

        var first = Trainer.Create(TestData.Tiny(), config with { Steps = 6 });
        var batches = source.Fresh();
        // Stop after 3 steps by cancelling from the evaluation callback, save, resume.
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => first.Run(batches, null, 3, t => cts.Cancel(), cts.Token));
        string path = Path.Combine(_dir, "resume.safetensors");
        first.SaveCheckpoint(path);
        var resumed = Trainer.Resume(path);
        Assert.That(resumed.Step, Is.EqualTo(3));
        resumed.Run(batches);
        Assert.That(resumed.Model.Parameters.Data, Is.EqualTo(straight.Model.Parameters.Data));
        var extended = Trainer.Resume(path, config with { Steps = 10 });
        Assert.That(extended.Config.Steps, Is.EqualTo(10));
    }

    [Test]
    public void Truncated_file_gives_a_clear_error_naming_the_file()
    {
        string path = Path.Combine(_dir, "t.safetensors");
        GptCheckpoint.Save(path, new GptModel(TestData.Tiny(), 1, 1));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
        Assert.That(() => GptCheckpoint.Load(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("truncated"));
        File.WriteAllBytes(path, bytes[..5]);
        Assert.That(() => GptCheckpoint.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void Header_length_beyond_the_file_is_rejected()
    {
        string path = Path.Combine(_dir, "h.safetensors");
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(path, bytes);
        Assert.That(() => SafeTensors.Read(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("header length 1000"));
    }

    [Test]
    public void Shape_offset_mismatch_and_unknown_config_are_rejected()
    {
        string path = Path.Combine(_dir, "s.safetensors");
        float[] data = new float[6];
        SafeTensors.Write(path, [new SafeTensor("x", [2, 3], data)], new Dictionary<string, string>());
        // Rewrite the shape in the header to [2, 4] (same byte length of JSON text).
        byte[] bytes = File.ReadAllBytes(path);
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text.Replace("[2,3]", "[2,4]", StringComparison.Ordinal)));
        Assert.That(() => SafeTensors.Read(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("do not match its shape"));

        SafeTensors.Write(path, [new SafeTensor("x", [2, 3], data)], new Dictionary<string, string> { ["graphnav.format"] = GptCheckpoint.Format, ["graphnav.config"] = "{\"Widgets\": 3}" });
        Assert.That(() => GptCheckpoint.Load(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("graphnav.config"));
        SafeTensors.Write(path, [new SafeTensor("x", [2, 3], data)], new Dictionary<string, string>());
        Assert.That(() => GptCheckpoint.Load(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("graphnav.format"));
    }

    [Test]
    public void Missing_file_is_reported_by_name()
    {
        string path = Path.Combine(_dir, "nope.safetensors");
        Assert.That(() => GptCheckpoint.Load(path), Throws.TypeOf<FileNotFoundException>().With.Message.Contains(path));
    }

    [Test]
    public void A_failed_save_leaves_the_previous_file_intact()
    {
        string path = Path.Combine(_dir, "keep.safetensors");
        var model = new GptModel(TestData.Tiny(), 1, 1);
        GptCheckpoint.Save(path, model);
        byte[] before = File.ReadAllBytes(path);
        // Block the temp file with a directory of the same name: creating it fails like a full disk would.
        Directory.CreateDirectory(SafeTensors.TempPath(path));
        var other = new GptModel(TestData.Tiny(), 2, 1);
        Assert.That(() => GptCheckpoint.Save(path, other), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
        Directory.Delete(SafeTensors.TempPath(path));
        // A tensor whose data disagrees with its shape also fails before anything is replaced.
        Assert.That(() => SafeTensors.Write(path, [new SafeTensor("x", [2], new float[3])], new Dictionary<string, string>()),
            Throws.ArgumentException);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(LogitsOf(GptCheckpoint.Load(path).Model), Is.EqualTo(LogitsOf(model)));
    }

    /// <summary>Seeded random batches, restartable from the beginning.</summary>
    private sealed class RandomBatches(int vocab, ulong seed)
    {
        public IBatchSource Fresh() => new Source(vocab, new SeededRandom(seed));

        private sealed class Source(int vocab, SeededRandom rng) : IBatchSource
        {
            public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
            {
                for (int i = 0; i < inputs.Length; i++) inputs[i] = (int)(rng.NextUInt64() % (ulong)vocab);
                for (int i = 0; i < targets.Length; i++) targets[i] = (int)(rng.NextUInt64() % (ulong)(vocab + 1)) - 1;
            }
        }
    }
}
