using GraphNav.Export.Onnx;
using GraphNav.Models.Gpt;

namespace GraphNav.Export.Gpt;

/// <summary>
/// The hard-coded heads of <see cref="GptConfig.FixedHeads"/> in the graph: the same-token map from
/// an Equal on input_ids, the band map from a constant, both computed once per run and shared by every
/// layer, in the engine's arithmetic (1/count for the same-token rows, weight/row-sum for the band),
/// so the maps match the engine's bit for bit.
/// </summary>
internal sealed partial class GptGraphWriter
{
    private const long OnnxFloat = 1; // TensorProto.DataType FLOAT, the Cast target

    /// <summary>Constants of the fixed maps for the longest sequence; sliced to [T, T] per run.</summary>
    private void AddFixedHeadConstants()
    {
        int T = _c.ContextLength;
        var eye = new float[T * T];
        var offDiagonal = new float[T * T];
        var band = new float[T * T]; // unnormalised weights 1,2,4,2,1 around the diagonal
        var weights = FixedAttentionMaps.BandWeights;
        int half = weights.Length / 2;
        for (int i = 0; i < T; i++)
        {
            for (int j = 0; j < T; j++) offDiagonal[i * T + j] = i == j ? 0f : 1f;
            eye[i * T + i] = 1f;
            for (int j = Math.Max(0, i - half); j <= Math.Min(T - 1, i + half); j++) band[i * T + j] = weights[j - i + half];
        }
        _b.AddInitializer("const.fixed.eye", eye, T, T);
        _b.AddInitializer("const.fixed.off_diagonal", offDiagonal, T, T);
        _b.AddInitializer("const.fixed.band", band, T, T);
        _b.AddInitializer("const.fixed.square_starts", [0L, 0], 2);
        _b.AddInitializer("const.fixed.square_axes", [0L, 1], 2);
        _b.AddInitializer("const.fixed.last_axis", [-1L], 1);
        _b.AddInitializer("const.fixed.axis1", [1L], 1);
        _b.AddInitializer("const.fixed.axis2", [2L], 1);
        _b.AddInitializer("const.fixed.axes01", [0L, 1], 2);
        _b.AddInitializer("const.fixed.zero_f", [0f]);
        _b.AddInitializer("const.fixed.one_f", [1f]);
        _b.AddInitializer("const.fixed.learned_start", [(long)_c.FixedHeads], 1);
        _b.AddInitializer("const.fixed.learned_end", [(long)_c.Heads], 1);
    }

    /// <summary>The hard-coded maps [B, k, T, T]: head h the same-token map when h is even, the band when odd.</summary>
    private string FixedMaps(string sequenceLength)
    {
        var ends = _b.AddNode("Concat", [sequenceLength, sequenceLength], ["fixed.square_ends"], OnnxAttribute.Int("axis", 0));
        string Square(string constant, string name) =>
            _b.AddNode("Slice", [constant, "const.fixed.square_starts", ends, "const.fixed.square_axes"], [name]); // [T,T]
        var eye = Square("const.fixed.eye", "fixed.eye");
        var offDiagonal = Square("const.fixed.off_diagonal", "fixed.off_diagonal");
        var bandRaw = Square("const.fixed.band", "fixed.band_raw");

        // same-token: query i spreads 1/count over the other positions j with ids[j] = ids[i]; count 0 → itself
        var idsQuery = _b.AddNode("Unsqueeze", [GptOnnxNames.InputIds, "const.fixed.axis2"], ["fixed.ids_query"]); // [B,T,1]
        var idsKey = _b.AddNode("Unsqueeze", [GptOnnxNames.InputIds, "const.fixed.axis1"], ["fixed.ids_key"]);     // [B,1,T]
        var equal = _b.AddNode("Equal", [idsQuery, idsKey], ["fixed.same_token"]);                                 // [B,T,T] bool
        var same = _b.AddNode("Cast", [equal], ["fixed.same_token_f"], OnnxAttribute.Int("to", OnnxFloat));
        var others = _b.AddNode("Mul", [same, offDiagonal], ["fixed.same_token_others"]);                         // diagonal removed
        var count = _b.AddNode("ReduceSum", [others, "const.fixed.last_axis"], ["fixed.match_count"], OnnxAttribute.Int("keepdims", 1)); // [B,T,1]
        var none = _b.AddNode("Cast", [_b.AddNode("Equal", [count, "const.fixed.zero_f"], ["fixed.no_match"])], ["fixed.no_match_f"],
            OnnxAttribute.Int("to", OnnxFloat));
        var numerator = _b.AddNode("Add", [others, _b.AddNode("Mul", [none, eye], ["fixed.self"])], ["fixed.same_token_numerator"]);
        var denominator = _b.AddNode("Max", [count, "const.fixed.one_f"], ["fixed.same_token_denominator"]);
        var sameToken = _b.AddNode("Div", [numerator, denominator], ["fixed.same_token_map"]);                    // [B,T,T]
        var sameToken4 = _b.AddNode("Unsqueeze", [sameToken, "const.fixed.axis1"], ["fixed.same_token_map4"]);   // [B,1,T,T]

        // band: the weights inside the sequence, divided by their row sum (rows near the ends renormalised)
        var rowSum = _b.AddNode("ReduceSum", [bandRaw, "const.fixed.last_axis"], ["fixed.band_row_sum"], OnnxAttribute.Int("keepdims", 1));
        var band = _b.AddNode("Div", [bandRaw, rowSum], ["fixed.band_map"]);                                     // [T,T]
        var band4 = _b.AddNode("Expand", [_b.AddNode("Unsqueeze", [band, "const.fixed.axes01"], ["fixed.band_map4"]),
            _b.AddNode("Shape", [sameToken4], ["fixed.map_shape"])], ["fixed.band_map_batch"]);                  // [B,1,T,T]

        if (_c.FixedHeads == 1) return sameToken4;
        var heads = new string[_c.FixedHeads];
        for (int h = 0; h < heads.Length; h++) heads[h] = FixedAttentionMaps.IsSameTokenHead(h) ? sameToken4 : band4;
        return _b.AddNode("Concat", heads, ["fixed.maps"], OnnxAttribute.Int("axis", 1));                        // [B,k,T,T]
    }

    /// <summary>Heads k…NH−1 of q or k [B,NH,T,HS]: the learned heads, whose scores are computed.</summary>
    private string LearnedHeads(string x) =>
        _b.AddNode("Slice", [x, "const.fixed.learned_start", "const.fixed.learned_end", "const.fixed.axis1"], [x + "_learned"]);
}
