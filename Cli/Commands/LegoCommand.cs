using System.CommandLine;
using System.Globalization;
using GraphNav.Common;
using GraphNav.Experiments.Lego.Recipe;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Cli.Commands;

/// <summary><c>graphnav lego recipe</c>: train one LEGO recipe candidate for several seeds, resumably;
/// <c>graphnav lego summary</c>: compare candidates (docs/LEGO-RECIPE.md).</summary>
internal static class LegoCommand
{
    private static readonly InputLimit Layers = new("LAYERS", 96);
    private static readonly InputLimit Width = new("CHANNELS", 4096);

    public static Command Create() => new("lego", "LEGO (paper B) tools.") { Recipe(), Summary() };

    private static Command Summary()
    {
        var folders = new Argument<string[]>("dirs") { Description = "Run folders of graphnav lego recipe (their --dir).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("summary", "One Markdown table comparing recipe candidates: per folder and seed the steps, final and best accuracy, the step the floor was met and the strongest association head.")
        {
            folders,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            Console.Write(LegoRecipeSummary.Render(parse.GetValue(folders)!));
            return 0;
        }));
        return command;
    }

    private static Command Recipe()
    {
        var defaults = new LegoRecipe();
        var dir = new Option<string>("--dir") { Description = "Run folder (recipe.json, table.md, seed-S/accuracy.csv and checkpoint); rerun the same command to resume.", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds, trained one after the other.", DefaultValueFactory = _ => "0,1,2" };
        var n = new Option<int>("--n") { Description = "Variables (clauses) per sentence.", DefaultValueFactory = _ => defaults.Variables };
        var k = new Option<int>("--k") { Description = "Supervised chain positions 1…k.", DefaultValueFactory = _ => defaults.SupervisedPositions };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => defaults.Layers };
        var channels = new Option<int>("--channels") { Description = "Residual width C.", DefaultValueFactory = _ => defaults.Channels };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => defaults.Heads };
        var shared = new Option<bool>("--share-layers") { Description = "One block applied --layers times (ALBERT-style tying)." };
        var noEmbeddingLn = new Option<bool>("--no-embedding-ln") { Description = "Leave out the LayerNorm on the summed embeddings (on by default)." };
        var init = new Option<string>("--init") { Description = "Initial weights: gpt2 (residual projections scaled by 1/sqrt(2L)) or bert (every matrix N(0, 0.02)).", DefaultValueFactory = _ => "gpt2" };
        var embeddingStd = new Option<float?>("--embedding-init-std") { Description = "Std of the token and position embeddings at init (default 0.02; PyTorch's nn.Embedding uses 1)." };
        var mimic = new Option<int>("--mimic-steps") { Description = "B3's mimicking phase first: KL steps pulling heads 0 and 1 of every layer toward the same-token and band maps (0 = none).", DefaultValueFactory = _ => 0 };
        var warmStart = new Option<string?>("--warm-start") { Description = "Curriculum over n: start each seed's LEGO training from this checkpoint of a shorter-sentence encoder ({seed} becomes the seed, e.g. runs/n8/seed-{seed}/checkpoint.safetensors) instead of fresh weights; same layers, width and heads; no --mimic-steps." };
        var batch = new Option<int>("--batch") { Description = "Sentences per step.", DefaultValueFactory = _ => defaults.Batch };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => defaults.Steps };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<int>("--warmup") { Description = "Linear warmup steps.", DefaultValueFactory = _ => defaults.WarmupSteps };
        var schedule = new Option<string>("--schedule") { Description = "After warmup: constant or cosine (to a tenth of --lr).", DefaultValueFactory = _ => "constant" };
        var weightDecay = new Option<float>("--weight-decay") { Description = "AdamW weight decay.", DefaultValueFactory = _ => defaults.WeightDecay };
        var gradClip = new Option<float>("--grad-clip") { Description = "Clip the global gradient norm to this value (0 = no clipping).", DefaultValueFactory = _ => defaults.GradClip };
        var trainSize = new Option<int>("--train-size") { Description = "0: fresh sentences every step; N: a fixed set of N sentences, cycled.", DefaultValueFactory = _ => 0 };
        var testSize = new Option<int>("--test-size") { Description = "Held-out sentences per evaluation.", DefaultValueFactory = _ => defaults.TestSize };
        var evalEvery = new Option<int>("--eval-every") { Description = "Steps between accuracy measurements.", DefaultValueFactory = _ => 250 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (a multiple of --eval-every).", DefaultValueFactory = _ => 250 };
        var stopAfterFloor = new Option<int?>("--stop-after-floor") { Description = "Stop a seed this many steps after it first meets the floor (≥ 95% on positions 1…k), with a checkpoint; a rerun without the option trains it on." };
        var threads = new Option<int>("--threads") { Description = "Engine threads (results do not depend on it).", DefaultValueFactory = _ => 1 };
        var backend = new Option<string>("--backend") { Description = "Training library: engine (default; checkpointed and resumable) or torch (TorchSharp; each unfinished seed restarts from step 0).", DefaultValueFactory = _ => "engine" };
        var device = new Option<string>("--device") { Description = "Device of the torch backend: cpu or cuda (cuda:N).", DefaultValueFactory = _ => "cpu" };
        var command = new Command("recipe", "Train one LEGO recipe candidate for several seeds with per-position accuracy logs and checkpoints; rerunning resumes.")
        {
            dir, seeds, n, k, layers, channels, heads, shared, noEmbeddingLn, init, embeddingStd, mimic, warmStart, batch, steps, lr, warmup, schedule, weightDecay, gradClip, trainSize, testSize,
            evalEvery, checkpointEvery, stopAfterFloor, threads, backend, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            float rate = parse.GetValue(lr);
            if (!(rate > 0) || !float.IsFinite(rate)) throw new ArgumentException($"--lr must be a positive finite number (got {rate}).");
            var recipe = new LegoRecipe
            {
                Variables = parse.GetValue(n),
                SupervisedPositions = parse.GetValue(k),
                Layers = OptionLimits.Checked(parse, layers, 1, Layers),
                Channels = OptionLimits.Checked(parse, channels, 1, Width),
                Heads = OptionLimits.Checked(parse, heads, 1, Width),
                ShareLayers = parse.GetValue(shared),
                EmbeddingLayerNorm = !parse.GetValue(noEmbeddingLn),
                Initialization = Initialization(parse.GetValue(init)!),
                EmbeddingInitStd = parse.GetValue(embeddingStd),
                MimicSteps = OptionLimits.Checked(parse, mimic, 0, OptionLimits.Steps),
                WarmStart = parse.GetValue(warmStart),
                Batch = OptionLimits.Checked(parse, batch, 1, OptionLimits.Batch),
                Steps = OptionLimits.Checked(parse, steps, 1, OptionLimits.Steps),
                LearningRate = rate,
                WarmupSteps = OptionLimits.Checked(parse, warmup, 0, OptionLimits.Steps),
                Decay = Schedule(parse.GetValue(schedule)!),
                WeightDecay = parse.GetValue(weightDecay),
                GradClip = parse.GetValue(gradClip),
                TrainSize = OptionLimits.Checked(parse, trainSize, 0, OptionLimits.Examples),
                TestSize = OptionLimits.Checked(parse, testSize, 1, OptionLimits.Examples),
            }.Validated();
            var runner = new LegoRecipeRunner(recipe, parse.GetValue(dir)!)
            {
                EvaluationInterval = OptionLimits.Checked(parse, evalEvery, 1, OptionLimits.Steps),
                CheckpointInterval = OptionLimits.Checked(parse, checkpointEvery, 1, OptionLimits.Steps),
                Threads = OptionLimits.Checked(parse, threads, 1, OptionLimits.Threads),
                StopAfterFloor = parse.GetValue(stopAfterFloor) is { } after
                    ? after >= 0 ? after : throw new ArgumentException($"--stop-after-floor must be ≥ 0 (got {after}).")
                    : null,
                Backend = TrainingBackends.Create(parse.GetValue(backend)!, parse.GetValue(device)!),
            };
            runner.Run(Seeds(parse.GetValue(seeds)!), Console.Out, new TrainingProgressPrinter(recipe.Steps, Console.Out));
            Console.WriteLine($"wrote {Path.GetFullPath(Path.Combine(runner.Folder, "table.md"))}");
            return 0;
        }));
        return command;
    }

    private static GptInitialization Initialization(string value) => value switch
    {
        "gpt2" => GptInitialization.Gpt2,
        "bert" => GptInitialization.Bert,
        _ => throw new ArgumentException($"--init must be gpt2 or bert (got '{value}')."),
    };

    private static LearningRateDecay Schedule(string value) => value switch
    {
        "constant" => LearningRateDecay.Constant,
        "cosine" => LearningRateDecay.Cosine,
        _ => throw new ArgumentException($"--schedule must be constant or cosine (got '{value}')."),
    };

    private static int[] Seeds(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException("--seeds needs at least one seed, e.g. --seeds 0,1,2.");
        var seeds = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out seeds[i]))
                throw new ArgumentException($"--seeds: '{parts[i]}' is not a non-negative integer (use e.g. --seeds 0,1,2).");
        return seeds;
    }
}
