"""
Fast checks of the reference (a few seconds):
    /usr/bin/python3 -m unittest -v test_reference      (from Benchmarks/reference)
"""

import math
import os
import tempfile
import unittest

import numpy as np
import torch

import graphtask
from gpt import GPT, GPTConfig, from_llmc, load_checkpoint, load_safetensors, save_checkpoint, save_safetensors, to_llmc

SMALL = GPTConfig(block_size=16, vocab_size=20, n_layer=2, n_head=2, n_embd=16)


def model(config=SMALL, seed=0):
    torch.manual_seed(seed)
    m = GPT(config)
    # perturb so that zero biases and unit LayerNorms do not hide a mapping mistake
    with torch.no_grad():
        for p in m.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return m.eval()


class ModelTests(unittest.TestCase):
    def test_init_follows_engine_rules(self):
        torch.manual_seed(0)
        m = GPT(GPTConfig(n_layer=4, n_embd=128, vocab_size=500, block_size=64))
        sd = m.state_dict()
        self.assertAlmostEqual(sd["wte.weight"].std().item(), 0.02, delta=0.002)
        self.assertAlmostEqual(sd["h.0.attn.proj.weight"].std().item(), 0.02 / math.sqrt(8), delta=0.001)
        self.assertAlmostEqual(sd["h.3.mlp.proj.weight"].std().item(), 0.02 / math.sqrt(8), delta=0.001)
        self.assertTrue(torch.all(sd["h.1.attn.qkv.bias"] == 0))
        self.assertTrue(torch.all(sd["h.1.ln_2.weight"] == 1) and torch.all(sd["ln_f.bias"] == 0))

    def test_causal_prefix_logits_do_not_depend_on_the_future(self):
        m = model()
        x = torch.randint(0, 20, (3, 10))
        y = x.clone()
        y[:, 6:] = torch.randint(0, 20, (3, 4))
        self.assertTrue(torch.allclose(m(x)[0][:, :6], m(y)[0][:, :6], atol=1e-6))

    def test_encoder_sees_the_future(self):
        m = model(GPTConfig(**{**vars(SMALL), "causal": False}))
        x = torch.randint(0, 20, (1, 10))
        y = x.clone()
        y[0, 9] = (x[0, 9] + 1) % 20
        self.assertFalse(torch.allclose(m(x)[0][:, 0], m(y)[0][:, 0]))

    def test_kv_cache_logits_equal_full_forward(self):
        m = model()
        x = torch.randint(0, 20, (4, 12))
        full = m(x)[0]
        caches = m.new_caches(4)
        parts = [m(x[:, :5], caches=caches, pos=0)[0]] + [m(x[:, t:t + 1], caches=caches, pos=t)[0] for t in range(5, 12)]
        self.assertTrue(torch.allclose(full, torch.cat(parts, dim=1), atol=1e-5))

    def test_generation_with_and_without_cache_agree(self):
        m = model()
        prompt = torch.randint(6, 20, (5, 3))
        a = m.generate(prompt, 13, temperature=0.0, use_kv_cache=True)
        b = m.generate(prompt, 13, temperature=0.0, use_kv_cache=False)
        self.assertEqual(a.shape, (5, 16))
        self.assertTrue(torch.equal(a, b))
        s1 = m.generate(prompt, 13, temperature=1.0, generator=torch.Generator().manual_seed(7))
        s2 = m.generate(prompt, 13, temperature=1.0, use_kv_cache=False, generator=torch.Generator().manual_seed(7))
        self.assertTrue(torch.equal(s1, s2))

    def test_stop_token_pads_finished_rows(self):
        m = model()
        prompt = torch.randint(6, 20, (8, 3))
        out = m.generate(prompt, 13, temperature=1.0, stop_token=2, generator=torch.Generator().manual_seed(1))
        for row in out.tolist():
            gen = row[3:]
            if 2 in gen:
                self.assertTrue(all(t == 0 for t in gen[gen.index(2) + 1:]))

    def test_attention_only_has_no_mlp(self):
        m = GPT(GPTConfig(**{**vars(SMALL), "use_mlp": False, "n_layer": 1, "n_head": 1}))
        self.assertFalse(any("mlp" in k or "ln_2" in k for k in m.state_dict()))


class ExchangeTests(unittest.TestCase):
    def test_llmc_shapes(self):
        t = to_llmc(model())
        L, C, V, T = 2, 16, 20, 16
        expect = {"wte": (V, C), "wpe": (T, C), "ln1w": (L, C), "qkvw": (L, 3 * C, C), "qkvb": (L, 3 * C),
                  "attprojw": (L, C, C), "fcw": (L, 4 * C, C), "fcb": (L, 4 * C), "fcprojw": (L, C, 4 * C),
                  "fcprojb": (L, C), "lnfw": (C,)}
        for k, shape in expect.items():
            self.assertEqual(t[k].shape, shape, k)
        self.assertNotIn("lmheadw", t)

    def test_llmc_round_trip_gives_identical_logits(self):
        for cfg in (SMALL, GPTConfig(**{**vars(SMALL), "tied": False, "use_mlp": False, "final_ln": False})):
            m = model(cfg)
            back = from_llmc(to_llmc(m), cfg).eval()
            x = torch.randint(0, 20, (2, 16))
            self.assertTrue(torch.equal(m(x)[0], back(x)[0]))

    def test_llmc_rejects_wrong_shapes(self):
        t = to_llmc(model())
        t["qkvw"] = t["qkvw"][:, :, :8]
        with self.assertRaisesRegex(ValueError, "qkv"):
            from_llmc(t, SMALL)

    def test_checkpoint_round_trip(self):
        m = model()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.safetensors")
            save_checkpoint(path, m)
            back = load_checkpoint(path).eval()
            x = torch.randint(0, 20, (2, 16))
            self.assertTrue(torch.equal(m(x)[0], back(x)[0]))

    def test_safetensors_layout(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.safetensors")
            a = np.arange(6, dtype=np.float32).reshape(2, 3)
            save_safetensors(path, {"a": a, "i": np.array([1, 2], dtype=np.int64)}, {"k": "v"})
            with open(path, "rb") as f:
                raw = f.read()
            n = int.from_bytes(raw[:8], "little")
            self.assertEqual((8 + n) % 8, 0)
            self.assertIn(b'"__metadata__":{"k":"v"}', raw[8:8 + n])
            tensors, meta = load_safetensors(path)
            self.assertTrue(np.array_equal(tensors["a"], a))
            self.assertEqual(meta, {"k": "v"})
            with open(path, "wb") as f:
                f.write(raw[:-4])
            with self.assertRaisesRegex(ValueError, "truncated"):
                load_safetensors(path)


class TaskTests(unittest.TestCase):
    def test_batch_targets_cover_the_completion_only(self):
        x, y = graphtask.make_batch([{"ids": [15, 9, 1, 9, 13, 15, 2], "loss_from": 3}], 10)
        self.assertEqual(x.tolist(), [[15, 9, 1, 9, 13, 15, 2, 0, 0, 0]])
        self.assertEqual(y.tolist(), [[-1, -1, 9, 13, 15, 2, -1, -1, -1, -1]])

    def test_classify(self):
        edges = {(3, 7), (7, 9)}
        n = lambda *v: [6 + k for k in v]
        self.assertEqual(graphtask.classify(n(3, 7, 9) + [2, 0], 3, 9, edges), "valid")
        self.assertEqual(graphtask.classify(n(3, 9) + [2], 3, 9, edges), "misstep")
        self.assertEqual(graphtask.classify(n(7, 9) + [2], 3, 9, edges), "misstep")
        self.assertEqual(graphtask.classify(n(3, 7) + [2], 3, 9, edges), "planning")
        self.assertEqual(graphtask.classify(n(3, 7, 9), 3, 9, edges), "planning")  # no END: out of context
        self.assertEqual(graphtask.classify([4, 2], 3, 9, edges), "format")
        self.assertEqual(graphtask.classify(n(3) + [1] + n(7), 3, 9, edges), "misstep")

    def test_score_row_exact_match_for_nopath_answers(self):
        row = {"ids": [15, 9, 1, 4, 2], "loss_from": 3}
        self.assertEqual(graphtask.score_row(row, [4, 2, 0], set()), "valid")
        self.assertEqual(graphtask.score_row(row, [3, 2], set()), "format")
        path_row = {"ids": [15, 9, 1, 9, 13, 15, 2], "loss_from": 3}
        self.assertEqual(graphtask.score_row(path_row, [9, 13, 15, 2], {(3, 7), (7, 9)}), "valid")


class BenchTests(unittest.TestCase):
    def test_blas_kind(self):
        from bench import blas_kind, sgemm_provider

        self.assertEqual(blas_kind("/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"), "openblas-openmp")
        self.assertEqual(blas_kind("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"), "openblas-pthread")
        self.assertEqual(blas_kind("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"), "netlib")
        self.assertEqual(blas_kind(None), "unknown")
        provider = sgemm_provider()  # this process has torch loaded: its sgemm_ comes from some file
        self.assertTrue(provider is None or os.path.isfile(provider))


class ExportTests(unittest.TestCase):
    def test_onnx_export_matches_torch_at_other_shapes(self):
        import onnx
        import onnx_numpy
        from train_export import export_onnx

        base = GPTConfig(block_size=32, vocab_size=30, n_layer=2, n_head=2, n_embd=16)
        variants = (base, GPTConfig(**{**vars(base), "tied": False, "use_mlp": False, "final_ln": False, "n_head": 1}))
        for cfg in variants:
            m = model(cfg)
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "m.onnx")
                export_onnx(m, '{"schema": "graphnav.task/1"}', path)
                proto = onnx.load(path)
            meta = {p.key: p.value for p in proto.metadata_props}
            self.assertEqual(meta["graphnav.task"], '{"schema": "graphnav.task/1"}')
            self.assertEqual(proto.opset_import[0].version, 17)
            self.assertEqual([i.name for i in proto.graph.input], ["input_ids"])
            self.assertEqual([o.name for o in proto.graph.output], ["logits"])
            for b, t in ((1, 32), (3, 7), (2, 1)):  # the example input was (2, 32): axes must be dynamic
                x = torch.randint(0, 30, (b, t))
                got = onnx_numpy.run(proto, {"input_ids": x.numpy()})["logits"]
                want = m(x)[0].detach().numpy()
                self.assertEqual(got.shape, want.shape)
                self.assertEqual(got.dtype, np.float32)
                self.assertLess(np.abs(got - want).max(), 1e-4, (cfg, b, t))


class TrainExportTests(unittest.TestCase):
    def test_a_few_steps_lower_the_loss_and_evaluate(self):
        from standin_task import write_standin
        from train_export import evaluate, train

        with tempfile.TemporaryDirectory() as d:
            task = graphtask.load_task(write_standin(d, n=20, p=0.3, seed=0, context_length=16, paths_per_pair=2))
        self.assertEqual(task.vocab_size, 26)
        torch.manual_seed(0)
        m = GPT(GPTConfig(block_size=16, vocab_size=task.vocab_size, n_layer=1, n_head=2, n_embd=16))
        losses = train(m, task, steps=30, batch=16, lr=3e-3, weight_decay=0.0, seed=0, log_every=1000)
        self.assertLess(np.mean(losses[-5:]), np.mean(losses[:5]))
        counts = evaluate(m, task, task.test)
        self.assertEqual(sum(counts.values()), len(task.test))

    def test_nodes_first_rewrites_the_ids_and_declares_only_colon_end_pad(self):
        import json
        from standin_task import write_standin

        with tempfile.TemporaryDirectory() as d:
            task = graphtask.load_task(write_standin(d, n=20, p=0.3, seed=0, context_length=16, paths_per_pair=2))
        nf = graphtask.nodes_first(task)
        meta = json.loads(nf.text)
        self.assertEqual(meta["tokens"], {":": 20, "END": 21, "PAD": 22})
        self.assertEqual((meta["node_token_base"], meta["vocabulary_size"], nf.vocab_size), (0, 23, 23))
        before, after = task.train[0]["ids"], nf.train[0]["ids"]
        self.assertEqual(after, [t - 6 if t >= 6 else {1: 20, 2: 21}[t] for t in before])
        self.assertEqual(graphtask.score_row(nf.test[0], nf.test[0]["ids"][nf.test[0]["loss_from"]:], nf.edges, nf.tokens), "valid")


if __name__ == "__main__":
    unittest.main()
