using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// What one seed of one <see cref="A1Setting"/> measured: the paired test units and, for the
/// competence floor, greedy validity of each model on the training distribution (pairs with gap ≤ Δ;
/// stepwise: a valid path on reachable pairs; direct: PATH first on reachable pairs and NOPATH first
/// on unreachable ones).
/// </summary>
/// <param name="Seed">The seed (graph, pairs, init, data).</param>
/// <param name="Test">Every test pair scored by both models.</param>
/// <param name="StepwiseTrainValidity">Per training-distribution reachable pair: 1 if the stepwise model's greedy path is valid.</param>
/// <param name="DirectTrainValidity">Per training-distribution reachable pair: 1 if the direct model answers PATH first.</param>
/// <param name="DirectTrainNoPath">Per training-distribution unreachable pair: 1 if the direct model answers NOPATH first.</param>
/// <param name="ReachableFractionByGap">Over all pairs of the graph with gap g (index g − 1): fraction reachable.</param>
/// <param name="ModelKeys">Cache keys of the stepwise and the direct model.</param>
public sealed record A1SeedMeasurement(int Seed, A1PairOutcome[] Test, double[] StepwiseTrainValidity, double[] DirectTrainValidity,
    double[] DirectTrainNoPath, double[] ReachableFractionByGap, string[] ModelKeys)
{
    /// <summary>Trains (or loads) both models of <paramref name="seed"/> and scores them greedily.</summary>
    public static A1SeedMeasurement Run(A1Setting setting, int seed, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(context);
        var stepwiseTask = setting.Stepwise.Create(seed);
        var directTask = setting.Direct.Create(seed);
        if (!stepwiseTask.TrainPairs.SequenceEqual(directTask.TrainPairs) || !stepwiseTask.TestPairs.SequenceEqual(directTask.TestPairs)
            || !stepwiseTask.Dag.Edges().SequenceEqual(directTask.Dag.Edges()))
            throw new InvalidOperationException($"A1 presets '{setting.Stepwise.Name}' and '{setting.Direct.Name}' disagree on the graph or pairs at seed {seed}.");

        var stepwisePlan = GraphTrainingPlan.PaperA(stepwiseTask, seed, setting.StepwiseSteps, context.Threads);
        var directPlan = GraphTrainingPlan.PaperA(directTask, seed, setting.DirectSteps, context.Threads);
        var stepwise = new EngineCompletionSource(Train(stepwisePlan, context));
        var direct = new EngineCompletionSource(Train(directPlan, context));

        // The layer of each node: the graph's own, or the Bernoulli analogue's blocks of consecutive nodes.
        var layerOf = setting.Split.LayersOf(stepwiseTask.Dag);
        int Gap(NodePair p) => layerOf[p.Goal] - layerOf[p.Start];

        context.Say($"A1 {setting.Label} seed {seed}: greedy decoding of {stepwiseTask.TestPairs.Count} test pairs per model");
        var test = stepwiseTask.TestPairs;
        var stepwiseTest = Decisions(stepwise, stepwiseTask, test, seed);
        var directTest = Decisions(direct, directTask, test, seed);
        var units = new A1PairOutcome[test.Count];
        for (int i = 0; i < test.Count; i++)
        {
            bool reachable = stepwiseTask.IsReachable(test[i]);
            var truth = reachable ? ReachabilityDecision.Reachable : ReachabilityDecision.Unreachable;
            units[i] = new A1PairOutcome(test[i], Gap(test[i]), reachable, stepwiseTest[i] == truth, directTest[i] == truth);
        }

        var near = stepwiseTask.TrainPairs.Where(p => Gap(p) <= setting.Delta && stepwiseTask.IsReachable(p)).ToArray();
        var stepwiseNear = Decisions(stepwise, stepwiseTask, near, seed);
        var directFloors = DirectFloors(directTask, setting.Delta, direct, seed, layerOf);

        return new A1SeedMeasurement(seed, units,
            [.. stepwiseNear.Select(d => d == ReachabilityDecision.Reachable ? 1.0 : 0.0)],
            directFloors[0], directFloors[1],
            ReachableFractions(stepwiseTask, layerOf), [stepwisePlan.CacheKey(), directPlan.CacheKey()]);
    }

    /// <summary>
    /// The direct model's competence-floor units on the training distribution (training pairs with
    /// layer gap ≤ <paramref name="delta"/>): [0] per reachable pair, 1 when it answers PATH first;
    /// [1] per unreachable pair, 1 when it answers NOPATH first — so a model that always answers PATH
    /// does not pass the floor. <paramref name="layerOf"/> gives each node's layer (null: the graph's own layers).
    /// </summary>
    internal static IReadOnlyList<double[]> DirectFloors(GraphTask task, int delta, ICompletionSource direct, int seed, IReadOnlyList<int>? layerOf = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var layers = layerOf ?? task.Dag.Layers ?? throw new ArgumentException($"Task '{task.Name}' has no layers; pass the layer of each node.", nameof(layerOf));
        var near = task.TrainPairs.Where(p => layers[p.Goal] - layers[p.Start] <= delta).ToArray();
        var decisions = Decisions(direct, task, near, seed);
        var reachable = new List<double>();
        var unreachable = new List<double>();
        for (int i = 0; i < near.Length; i++)
        {
            if (task.IsReachable(near[i])) reachable.Add(decisions[i] == ReachabilityDecision.Reachable ? 1 : 0);
            else unreachable.Add(decisions[i] == ReachabilityDecision.Unreachable ? 1 : 0);
        }
        return [[.. reachable], [.. unreachable]];
    }

    /// <summary>The A1 decision of each greedy completion (stepwise: valid path / NOPATH first; direct: PATH / NOPATH first).</summary>
    private static ReachabilityDecision[] Decisions(ICompletionSource source, GraphTask task, IReadOnlyList<NodePair> pairs, int seed)
    {
        var samples = PathEvaluation.Sample(source, task, pairs, temperature: 0, samplesPerPair: 1, (ulong)seed);
        return [.. samples.Select(s => task.Decide(s.Pair, s.Completions[0]))];
    }

    private static GptModel Train(GraphTrainingPlan plan, PhenomenonContext context)
    {
        int steps = plan.Training.Steps;
        var progress = new InlineProgress<Models.Training.TrainingProgress>(p =>
        {
            if (p.Step % 500 == 0 || p.Step == steps)
                context.Say($"  {plan.Task.Name} seed {plan.DataSeed}: step {p.Step}/{steps} loss {p.Loss:F3} ({p.TokensPerSecond / 1000:F0}k tokens/s)");
        });
        return plan.GetOrTrain(context.Cache, progress);
    }

    /// <summary>Fraction of reachable pairs among all pairs with layer gap g, for g = 1 … L − 1 (layers from <paramref name="layerOf"/>).</summary>
    private static double[] ReachableFractions(GraphTask task, IReadOnlyList<int> layerOf)
    {
        var dag = task.Dag;
        int layerCount = layerOf[^1] + 1;
        var reachable = new int[layerCount];
        var total = new int[layerCount];
        for (int goal = 0; goal < dag.NodeCount; goal++)
        {
            var paths = task.Paths(goal);
            for (int start = 0; start < goal; start++)
            {
                int gap = layerOf[goal] - layerOf[start];
                if (gap <= 0) continue;
                total[gap]++;
                if (paths.CanReach(start)) reachable[gap]++;
            }
        }
        return [.. Enumerable.Range(1, layerCount - 1).Select(g => total[g] == 0 ? double.NaN : reachable[g] / (double)total[g])];
    }
}
