using System.Text.Json;
using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoSpecTests
{
    [Test]
    public void Spec_round_trips_through_json()
    {
        var spec = LegoSpec.Create(12, 6, alphabetSize: 40, shuffled: false, contextLength: 64, seed: 2, trainSize: 120_000, testSize: 500);
        string json = spec.ToJson();
        Assert.Multiple(() =>
        {
            Assert.That(LegoSpec.FromJson(json), Is.EqualTo(spec));
            Assert.That(LegoSpec.FromJson(JsonDocument.Parse(json).RootElement), Is.EqualTo(spec));
            Assert.That(json, Is.EqualTo("{\"n\":12,\"k\":6,\"context_length\":64,\"alphabet_size\":40,\"shuffled\":false,"
                + "\"seed\":2,\"train_size\":120000,\"test_size\":500}"));
            // Embedded by another serializer with its own options, the names stay the same.
            Assert.That(JsonSerializer.Serialize(spec, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }),
                Is.EqualTo(json));
        });
    }

    [Test]
    public void Optional_fields_take_their_defaults_and_required_ones_are_enforced()
    {
        var spec = LegoSpec.FromJson("{\"n\":6,\"k\":2,\"context_length\":30}");
        Assert.Multiple(() =>
        {
            Assert.That(spec, Is.EqualTo(new LegoSpec(6, 2, 30)));
            Assert.That(spec.AlphabetSize, Is.EqualTo(26));
            Assert.That(spec.Shuffled, Is.True);
            Assert.That(() => LegoSpec.FromJson("{\"n\":6,\"context_length\":30}"),
                Throws.InstanceOf<FormatException>().With.Message.Contains("missing required properties including: 'k'"));
            Assert.That(() => LegoSpec.FromJson("{\"n\":6,\"k\":2,\"context_length\":30,\"depth\":3}"),
                Throws.InstanceOf<FormatException>().With.Message.Contains("'depth' could not be mapped"));
            Assert.That(() => LegoSpec.FromJson("[1,2]"), Throws.InstanceOf<FormatException>());
            Assert.That(() => LegoSpec.FromJson("null"), Throws.InstanceOf<FormatException>());
        });
    }

    [Test]
    public void Validation_names_the_bad_field()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => LegoSpec.Create(1, 1), Throws.ArgumentException.With.Message.Contains("n = 1").And.Message.Contains("n ≥ 2"));
            Assert.That(() => LegoSpec.Create(6, 0), Throws.ArgumentException.With.Message.Contains("k = 0").And.Message.Contains("1 ≤ k ≤ n = 6"));
            Assert.That(() => LegoSpec.Create(6, 7), Throws.ArgumentException.With.Message.Contains("k = 7"));
            Assert.That(() => LegoSpec.Create(6, 2, alphabetSize: 5),
                Throws.ArgumentException.With.Message.Contains("alphabet of 5 names is smaller than n = 6"));
            Assert.That(() => LegoSpec.Create(6, 2, contextLength: 29),
                Throws.ArgumentException.With.Message.Contains("context length 29 is shorter than a sentence (5n = 30"));
            Assert.That(() => LegoSpec.Create(6, 2, testSize: -1), Throws.ArgumentException.With.Message.Contains("test size -1"));
            Assert.That(() => LegoSpec.FromJson("{\"n\":6,\"k\":9,\"context_length\":30}"),
                Throws.ArgumentException.With.Message.Contains("k = 9"));
            Assert.That(() => new LegoGenerator(new LegoSpec(6, 2, 10)),
                Throws.ArgumentException.With.Message.Contains("context length 10"));
        });
    }

    [Test]
    public void Sentences_round_trip_through_jsonl()
    {
        var generator = new LegoGenerator(LegoSpec.Create(6, 2, seed: 8, testSize: 50));
        var writer = new StringWriter();
        LegoJsonl.Write(writer, generator.TestSet());
        string text = writer.ToString();
        var read = LegoJsonl.Read(new StringReader(text), generator.Tokens, "test.jsonl");
        Assert.Multiple(() =>
        {
            Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(50));
            Assert.That(read, Has.Count.EqualTo(50));
            for (int i = 0; i < 50; i++)
            {
                var original = generator.TestSet()[i];
                Assert.That(read[i].Ids.ToArray(), Is.EqualTo(original.Ids.ToArray()));
                Assert.That(read[i].TokenLabels(), Is.EqualTo(original.TokenLabels()));
                Assert.That(read[i].TokenPositions(), Is.EqualTo(original.TokenPositions()));
            }
        });
    }

    [Test]
    public void Jsonl_line_of_the_worked_example()
    {
        var worked = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7)).Sentence(LegoSplit.Train, 0);
        Assert.That(LegoJsonl.ToLine(worked), Is.EqualTo(
            "{\"ids\":[15,1,3,16,2,16,1,3,5,2,24,1,4,15,2,26,1,3,24,2],"
            + "\"labels\":[1,-1,-1,-1,-1,1,-1,-1,-1,-1,0,-1,-1,-1,-1,0,-1,-1,-1,-1],"
            + "\"positions\":[2,0,0,0,0,1,0,0,0,0,3,0,0,0,0,4,0,0,0,0]}"));
    }

    [Test]
    public void Jsonl_that_disagrees_with_its_clauses_is_rejected_with_the_line()
    {
        var generator = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7));
        string good = LegoJsonl.ToLine(generator.Sentence(LegoSplit.Train, 0));
        string wrongLabel = good.Replace("\"labels\":[1,", "\"labels\":[0,", StringComparison.Ordinal);
        string wrongPosition = good.Replace("\"positions\":[2,", "\"positions\":[1,", StringComparison.Ordinal);
        List<LegoSentence> Read(string text) => LegoJsonl.Read(new StringReader(text), generator.Tokens, "train.jsonl");
        Assert.Multiple(() =>
        {
            Assert.That(() => Read(good + "\n" + wrongLabel + "\n"),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("train.jsonl, line 2").And.Message.Contains("\"labels\" disagree"));
            Assert.That(() => Read(good + "\n\n" + wrongPosition),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("line 3").And.Message.Contains("\"positions\" disagree"));
            Assert.That(() => Read("{\"ids\":[1,2]"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("line 1"));
            Assert.That(() => Read("{\"ids\":[99,1,3,5,2,6,1,3,99,2],\"labels\":[],\"positions\":[]}"),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Token id 99"));
            Assert.That(() => Read("{\"ids\":[6,1,3,5,2],\"labels\":[1,-1,-1,-1,-1],\"positions\":[1,0,0,0,0]}"),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("n ≥ 2"));
            Assert.That(() => Read("{\"labels\":[]}"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Missing array \"ids\""));
        });
    }

    [Test]
    public void Jsonl_files_round_trip()
    {
        var generator = new LegoGenerator(LegoSpec.Create(5, 2, seed: 1, trainSize: 20));
        string path = Path.Combine(Path.GetTempPath(), $"lego-{Guid.NewGuid():N}.jsonl");
        try
        {
            LegoJsonl.WriteFile(path, generator.TrainSet());
            var read = LegoJsonl.ReadFile(path, generator.Tokens);
            Assert.That(read.Select(s => s.ToText(generator.Tokens)), Is.EqualTo(generator.TrainSet().Select(s => s.ToText(generator.Tokens))));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
