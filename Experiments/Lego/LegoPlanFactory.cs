namespace GraphNav.Experiments.Lego;

/// <summary>The order of a LEGO sentence's clauses in training.</summary>
public enum ClauseOrder
{
    /// <summary>Shuffled, as the official generator always does.</summary>
    Shuffled,

    /// <summary>In chain order (B6b's comparison model).</summary>
    Ordered,
}

/// <summary>Whether an encoder's blocks have their own weights or share one block (ALBERT, B2).</summary>
public enum BlockWeights
{
    /// <summary>Every block has its own parameters.</summary>
    Separate,

    /// <summary>One block applied Layers times (GptConfig.ShareLayers).</summary>
    Tied,
}

/// <summary>
/// Makes the LEGO training plan of one seed and variant. The paper-scale phenomena take one so
/// tests can run their whole protocol on tiny plans; the suite uses <see cref="PaperLegoModels.Plan"/>.
/// </summary>
/// <param name="seed">Seed of the task (data) and the initialisation.</param>
/// <param name="threads">Engine threads.</param>
/// <param name="order">Clause order of the training sentences.</param>
/// <param name="weights">Separate or tied block weights.</param>
public delegate LegoTrainingPlan LegoPlanFactory(int seed, int threads, ClauseOrder order, BlockWeights weights);
