using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B4 (paper B), the whole protocol as data: trained LEGO encoders develop heads that attend to
/// identical tokens. Queries are variable-name tokens whose name occurs elsewhere; a head's
/// association mass is its attention on the other positions holding the same token, its ratio that
/// mass over the mass uniform attention would give (<see cref="LegoAssociation"/>), pooled over the
/// queries of the test sentences. Per seed: the paper-scale encoder trained from random initialisation
/// (<see cref="PaperLegoModels.RandomInitPlan"/>, B3's comparison arm — the shared models' mimicking
/// phase puts an association head in place, so a head found there would not be one the model
/// developed) and the same architecture at its random initialisation (same seed). The best head of the trained
/// model is chosen per seed by pooled mass; its mass and ratio are averaged over seeds, intervals from
/// the sentence bootstrap with the head fixed. Paper scale only.
/// An external encoder whose attention maps are readable is measured at any scale on its own LEGO
/// task's test sentences as one "seed": the floor on positions 1…k of that task, then the trained
/// half of the bar. The random-init half needs the model's initialisation, which a trained file
/// does not hold: when the trained half holds the verdict is Inconclusive saying so (never Pass);
/// when it does not, Fail. The procedure is <see cref="B4AssociationHeads"/>; docs/PHENOMENA.md row
/// B4 is the source.
/// </summary>
public static class B4Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B4";

    /// <summary>Short name.</summary>
    public const string Title = "association heads";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Trained models develop heads that attend to identical tokens.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Competence floor: accuracy at each supervised position.</summary>
    public const double Floor = 0.95;

    /// <summary>The best trained head's association mass and ratio to uniform must reach these.</summary>
    public const double MinimumMass = 0.5, MinimumRatio = 5;

    /// <summary>Every head at random init must stay at or below this ratio to uniform (mean over seeds).</summary>
    public const double MaximumInitialRatio = 2;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"best head of a trained model: mass ≥ {Number(MinimumMass)} and ratio ≥ {Number(MinimumRatio)}; every head at random init: ratio ≤ {Number(MaximumInitialRatio)} " +
        $"(competence floor first, ≥ {Percent(Floor)} at each supervised position)";

    /// <summary>The plans: the paper-scale encoders without the mimicking phase.</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.RandomInitPlan;

    /// <summary>Accuracy at chain position {0}.</summary>
    public static readonly MeasureKey AccuracyAt = new("accuracy_at_position_{0}", "accuracy at position {0}");

    /// <summary>Seed {0}: the best head's layer-major index (layer · heads + head, as the random-init
    /// keys; a decimal layer.head would be ambiguous from 10 heads on). Its "L{layer}.H{head}" name is
    /// the parameter <see cref="SeedBestHeadName"/>.</summary>
    public static readonly MeasureKey SeedBestHead = new("seed_{0}_best_head_layer_major_index", "seed {0} best head (layer-major index)");

    /// <summary>Parameter name: seed {0}'s best head written L{layer}.H{head}.</summary>
    public const string SeedBestHeadName = "seed_{0}_best_head";

    /// <summary>The best trained head's association mass.</summary>
    public static readonly MeasureKey BestMass = new("best_trained_head_association_mass", "best trained head: association mass");

    /// <summary>The best trained head's ratio to uniform.</summary>
    public static readonly MeasureKey BestRatio = new("best_trained_head_ratio_to_uniform", "best trained head: ratio to uniform");

    /// <summary>Head {0} (layer-major index) at random init: ratio to uniform.</summary>
    public static readonly MeasureKey InitialRatioAt = new("random_init_head_{0}_ratio_to_uniform", "random init head {0}: ratio to uniform");

    /// <summary>External model, head {1} of layer {0}: association mass.</summary>
    public static readonly MeasureKey HeadMass = new("head_{0}_{1}_association_mass", "head {0}.{1}: association mass");

    /// <summary>External model, head {1} of layer {0}: ratio to uniform.</summary>
    public static readonly MeasureKey HeadRatio = new("head_{0}_{1}_ratio_to_uniform", "head {0}.{1}: ratio to uniform");
}
