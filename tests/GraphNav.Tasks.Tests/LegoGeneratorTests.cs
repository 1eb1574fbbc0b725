using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoGeneratorTests
{
    [Test]
    public void Worked_example_for_seed_7_matches_the_hand_solution()
    {
        var generator = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7));
        var sentence = generator.Sentence(LegoSplit.Train, 0);

        // By hand: k = +1 starts the chain (position 1, value +1); j = +k → +1 (position 2);
        // s = −j → −1 (position 3); u = +s → −1 (position 4). Names: a=6 … j=15, k=16, s=24, u=26.
        Assert.Multiple(() =>
        {
            Assert.That(sentence.ToText(generator.Tokens), Is.EqualTo("j = + k , k = + 1 , s = - j , u = + s ,"));
            Assert.That(sentence.Ids.ToArray(), Is.EqualTo(new[]
            {
                15, 1, 3, 16, 2,
                16, 1, 3, 5, 2,
                24, 1, 4, 15, 2,
                26, 1, 3, 24, 2,
            }));
            Assert.That(Enumerable.Range(0, 4).Select(sentence.Label), Is.EqualTo(new[] { 1, 1, 0, 0 }));
            Assert.That(Enumerable.Range(0, 4).Select(sentence.ChainPosition), Is.EqualTo(new[] { 2, 1, 3, 4 }));
            Assert.That(Enumerable.Range(0, 4).Select(sentence.Sign), Is.EqualTo(new[] { 1, 1, -1, 1 }));
            Assert.That(sentence.ClauseAt(1), Is.EqualTo(1));
            Assert.That(sentence.LabelAtPosition(4), Is.EqualTo(0));
            Assert.That(sentence.TokenLabels(), Is.EqualTo(new[]
            {
                1, -1, -1, -1, -1, 1, -1, -1, -1, -1, 0, -1, -1, -1, -1, 0, -1, -1, -1, -1,
            }));
            Assert.That(sentence.TokenPositions(), Is.EqualTo(new[]
            {
                2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0,
            }));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Every_sentence_agrees_with_an_independent_solver(bool shuffled)
    {
        var generator = new LegoGenerator(LegoSpec.Create(12, 6, shuffled: shuffled, seed: 3, testSize: 300));
        foreach (var sentence in generator.TrainStream().Take(300).Concat(generator.TestSet()))
        {
            var text = sentence.ToText(generator.Tokens);
            var solved = LegoSolver.Solve(text);
            for (int c = 0; c < sentence.Variables; c++)
            {
                Assert.That(sentence.Label(c), Is.EqualTo(solved[c].Value > 0 ? 1 : 0), text);
                Assert.That(sentence.ChainPosition(c), Is.EqualTo(solved[c].Position), text);
            }
            var names = Enumerable.Range(0, sentence.Variables).Select(c => sentence.Ids[5 * c]).ToArray();
            Assert.That(names, Is.Unique, text);
        }
    }

    [Test]
    public void Ordered_sentences_are_the_shuffled_chain_in_chain_order()
    {
        var shuffled = new LegoGenerator(LegoSpec.Create(8, 3, shuffled: true, seed: 11));
        var ordered = new LegoGenerator(LegoSpec.Create(8, 3, shuffled: false, seed: 11));
        int firstClauseNotFirst = 0;
        for (int i = 0; i < 100; i++)
        {
            var s = shuffled.Sentence(LegoSplit.Train, i);
            var o = ordered.Sentence(LegoSplit.Train, i);
            for (int p = 1; p <= 8; p++)
            {
                Assert.That(o.ChainPosition(p - 1), Is.EqualTo(p));
                var clauseOfS = s.Ids.Slice(5 * s.ClauseAt(p), 5).ToArray();
                Assert.That(o.Ids.Slice(5 * (p - 1), 5).ToArray(), Is.EqualTo(clauseOfS));
                Assert.That(o.LabelAtPosition(p), Is.EqualTo(s.LabelAtPosition(p)));
            }
            if (s.ClauseAt(1) != 0) firstClauseNotFirst++;
        }
        // A uniform shuffle of 8 clauses leaves the digit clause first 1/8 of the time.
        Assert.That(firstClauseNotFirst, Is.GreaterThan(70));
    }

    [Test]
    public void Sentences_are_a_pure_function_of_spec_seed_split_and_index()
    {
        var spec = LegoSpec.Create(6, 2, seed: 5, testSize: 20);
        var a = new LegoGenerator(spec);
        var b = new LegoGenerator(spec);
        var other = new LegoGenerator(spec with { Seed = 6 });
        string Text(LegoGenerator g, LegoSplit split, long i) => g.Sentence(split, i).ToText(g.Tokens);
        Assert.Multiple(() =>
        {
            Assert.That(a.TestSet().Select(s => s.ToText(a.Tokens)), Is.EqualTo(b.TestSet().Select(s => s.ToText(b.Tokens))));
            // Out of order, far into the stream: same sentence.
            Assert.That(Text(a, LegoSplit.Train, 1_000_000_007), Is.EqualTo(Text(b, LegoSplit.Train, 1_000_000_007)));
            Assert.That(Text(a, LegoSplit.Train, 3), Is.EqualTo(a.TrainStream().ElementAt(3).ToText(a.Tokens)));
            int sameAsTrain = Enumerable.Range(0, 20).Count(i => Text(a, LegoSplit.Train, i) == Text(a, LegoSplit.Test, i));
            int sameAsOtherSeed = Enumerable.Range(0, 20).Count(i => Text(a, LegoSplit.Train, i) == Text(other, LegoSplit.Train, i));
            Assert.That(sameAsTrain, Is.Zero);
            Assert.That(sameAsOtherSeed, Is.Zero);
        });
    }

    [Test]
    public void A_finite_training_set_cycles()
    {
        var generator = new LegoGenerator(LegoSpec.Create(5, 2, seed: 2, trainSize: 7));
        Assert.Multiple(() =>
        {
            Assert.That(generator.TrainSentence(9).ToText(generator.Tokens),
                Is.EqualTo(generator.TrainSentence(2).ToText(generator.Tokens)));
            Assert.That(generator.TrainSet(), Has.Count.EqualTo(7));
            Assert.That(generator.TrainSet()[6].Ids.ToArray(), Is.EqualTo(generator.TrainSentence(13).Ids.ToArray()));
            Assert.That(() => new LegoGenerator(LegoSpec.Create(5, 2)).TrainSet(),
                Throws.InvalidOperationException.With.Message.Contains("train_size 0"));
        });
    }

    [Test]
    public void Labels_signs_and_name_slots_are_balanced()
    {
        // Guards against a biased generator: over 4000 sentences every position is +1 about half the
        // time and the digit clause sits in each of the 6 slots about 1/6 of the time (±5 sd).
        var generator = new LegoGenerator(LegoSpec.Create(6, 2, seed: 1));
        const int count = 4000;
        var plus = new int[6];
        var slotOfFirst = new int[6];
        foreach (var s in generator.TrainStream().Take(count))
        {
            for (int p = 1; p <= 6; p++) plus[p - 1] += s.LabelAtPosition(p);
            slotOfFirst[s.ClauseAt(1)]++;
        }
        double sdHalf = Math.Sqrt(0.25 / count), sdSixth = Math.Sqrt(5.0 / 36 / count);
        Assert.Multiple(() =>
        {
            foreach (int c in plus) Assert.That(c / (double)count, Is.EqualTo(0.5).Within(5 * sdHalf));
            foreach (int c in slotOfFirst) Assert.That(c / (double)count, Is.EqualTo(1.0 / 6).Within(5 * sdSixth));
        });
    }

    [Test]
    public void Tokens_name_every_id()
    {
        var small = new LegoTokens(26);
        var large = new LegoTokens(30);
        Assert.Multiple(() =>
        {
            Assert.That(small.VocabSize, Is.EqualTo(32));
            Assert.That(small.Map.Keys.Take(7), Is.EqualTo(new[] { "<pad>", "=", ",", "+", "-", "1", "a" }));
            Assert.That(small.Id("z"), Is.EqualTo(31));
            Assert.That(large.Text(large.Variable(27)), Is.EqualTo("b1"));
            Assert.That(large.Map, Has.Count.EqualTo(36));
            Assert.That(small.IsVariable(5), Is.False);
            Assert.That(() => small.Text(32), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 32)"));
        });
    }

    [Test]
    public void Parsing_rejects_sentences_that_are_not_one_chain()
    {
        var tokens = new LegoTokens(26);
        int[] Parse(string text) => text.Split(' ').Select(tokens.Id).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(() => LegoSentence.FromTokens(Parse("a = + 1 , b = - 1 ,"), tokens),
                Throws.InstanceOf<FormatException>().With.Message.Contains("Two clauses carry the digit"));
            Assert.That(() => LegoSentence.FromTokens(Parse("a = + 1 , b = - c ,"), tokens),
                Throws.InstanceOf<FormatException>().With.Message.Contains("no clause defines"));
            Assert.That(() => LegoSentence.FromTokens(Parse("a = + 1 , b = - c , c = + b ,"), tokens),
                Throws.InstanceOf<FormatException>().With.Message.Contains("not connected"));
            Assert.That(() => LegoSentence.FromTokens(Parse("a = + 1 , b = a - ,"), tokens),
                Throws.InstanceOf<FormatException>().With.Message.Contains("not 'name = sign operand ,'"));
            var ok = LegoSentence.FromTokens(Parse("c = - b , a = - 1 , b = - a ,"), tokens);
            Assert.That(Enumerable.Range(0, 3).Select(ok.Label), Is.EqualTo(new[] { 0, 0, 1 }));
            Assert.That(Enumerable.Range(0, 3).Select(ok.ChainPosition), Is.EqualTo(new[] { 3, 1, 2 }));
        });
    }
}
