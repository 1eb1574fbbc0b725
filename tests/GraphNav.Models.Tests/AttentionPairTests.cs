using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// The KV-cache decoder attends for two rows at once (<see cref="AttentionPairs"/>) with every element's
/// chain the single-row one's: the pair must give exactly the bits of two <see cref="Ops.AttentionRow"/>
/// calls, for head sizes and cached lengths around the vector widths (W = 8, pieces of 2W and 4W).
/// </summary>
public unsafe class AttentionPairTests
{
    [Test]
    public void A_pair_of_rows_gives_the_bits_of_two_single_rows([Values(8, 16, 24, 32, 40, 64)] int hs)
    {
        var rng = new Random(hs);
        foreach (int count in new[] { 1, 5, 8, 9, 16, 17, 24, 31, 32, 33, 45, 64 })
        {
            int ts = Ops.TransposedStride(count), vStride = 3 * hs;
            float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float[] q0 = Fill(hs), q1 = Fill(hs), kt0 = Fill(hs * ts), kt1 = Fill(hs * ts);
            float[] v0 = Fill(count * vStride), v1 = Fill(count * vStride);
            var single = new float[2 * hs];
            var pair = new float[2 * hs];
            var att = new float[4 * ts];
            float scale = 1f / MathF.Sqrt(hs);
            fixed (float* pq0 = q0, pq1 = q1, pk0 = kt0, pk1 = kt1, pv0 = v0, pv1 = v1, ps = single, pp = pair, pa = att)
            {
                Ops.AttentionRow(ps, pa, pq0, pk0, ts, pv0, vStride, count, hs, scale);
                Ops.AttentionRow(ps + hs, pa + ts, pq1, pk1, ts, pv1, vStride, count, hs, scale);
                AttentionPairs.AttentionRowPair(pp, pp + hs, pa + 2 * ts, pa + 3 * ts, pq0, pq1, pk0, pk1, ts,
                    pv0, pv1, vStride, count, hs, scale);
            }
            Assert.That(pair, Is.EqualTo(single), $"head size {hs}, {count} cached positions: outputs");
            Assert.That(att.AsSpan(2 * ts, count).ToArray(), Is.EqualTo(att.AsSpan(0, count).ToArray()), $"head size {hs}, {count}: att row 0");
            Assert.That(att.AsSpan(3 * ts, count).ToArray(), Is.EqualTo(att.AsSpan(ts, count).ToArray()), $"head size {hs}, {count}: att row 1");
        }
    }
}
