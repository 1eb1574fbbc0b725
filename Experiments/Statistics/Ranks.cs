namespace GraphNav.Experiments.Statistics;

/// <summary>Ranks with ties averaged, shared by Spearman's ρ and the Wilcoxon signed-rank test.</summary>
internal static class Ranks
{
    /// <summary>1-based ranks of <paramref name="values"/>; tied values share their mean rank.
    /// +∞ is an ordinary (largest) value, so all infinite entries tie with each other.</summary>
    public static double[] Average(IReadOnlyList<double> values, out double tieCorrection)
    {
        int n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var ranks = new double[n];
        tieCorrection = 0; // Σ (t³ − t) over groups of t tied values
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && values[order[end]].Equals(values[order[start]])) end++;
            double mean = (start + end + 1) / 2.0; // ranks start+1 … end
            for (int i = start; i < end; i++) ranks[order[i]] = mean;
            double t = end - start;
            tieCorrection += t * t * t - t;
            start = end;
        }
        return ranks;
    }
}
