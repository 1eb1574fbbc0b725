namespace GraphNav.Experiments.Lego;

/// <summary>
/// Makes the LEGO training plan of one seed and variant. The paper-scale phenomena take one so
/// tests can run their whole protocol on tiny plans; the suite uses <see cref="PaperLegoModels.Plan"/>.
/// </summary>
/// <param name="seed">Seed of the task (data) and the initialisation.</param>
/// <param name="threads">Engine threads.</param>
/// <param name="shuffled">Shuffled clauses (false: chain order, B6b).</param>
/// <param name="tied">Weight tying across layers (B2).</param>
public delegate LegoTrainingPlan LegoPlanFactory(int seed, int threads, bool shuffled, bool tied);
