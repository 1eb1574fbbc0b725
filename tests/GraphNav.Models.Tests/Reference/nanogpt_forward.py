"""Independent nanoGPT forward in pure Python (double precision, no numpy/torch), the reference
for ReferenceForwardTests. Usage: python3 nanogpt_forward.py DIR. For every DIR/*.safetensors
(written by GptCheckpoint) with a DIR/*.txt beside it (line 1 ids [B*T], line 2 targets, line 3
the engine's loss, line 4 the engine's logits [B*T*V]) it recomputes logits and the mean loss and
prints: <file> <max |logit difference|> <reference loss> <engine loss>.
Architecture: x = wte[ids] + wpe; per block x += attproj(attn(ln1(x))); x += fcproj(gelu(fc(ln2(x))));
lnf; logits = x @ W.T with W = wte (tied) or lmheadw."""
import json, struct, math, sys, glob
def load(path):
    b = open(path,'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    h = json.loads(b[8:8+n]); data = b[8+n:]
    meta = h.pop('__metadata__')
    t = {}
    for k,v in h.items():
        s,e = v['data_offsets']; cnt=(e-s)//4
        t[k] = (v['shape'], list(struct.unpack('<%df'%cnt, data[s:e])))
    return json.loads(meta['graphnav.config']), t
def mat(t, name, l=None):
    shape, d = t[name]
    if l is not None:
        per = len(d)//shape[0]; d = d[l*per:(l+1)*per]; shape = shape[1:]
    if len(shape)==1: return d
    r,c = shape; return [d[i*c:(i+1)*c] for i in range(r)]
def linear(x, W, b=None): return [sum(wi*xi for wi,xi in zip(w,x)) + (b[o] if b else 0) for o,w in enumerate(W)]
def ln(x, w, b, eps):
    m = sum(x)/len(x); v = sum((a-m)**2 for a in x)/len(x); s = 1/math.sqrt(v+eps)
    return [(a-m)*s*wi+bi for a,wi,bi in zip(x,w,b)]
def gelu(x): return 0.5*x*(1+math.erf(x/math.sqrt(2)))
for f in sorted(glob.glob(sys.argv[1] + '/*.safetensors')):
    cfg, t = load(f)
    lines = open(f.replace('.safetensors','.txt')).read().split('\n')
    ids = list(map(int, lines[0].split())); tg = list(map(int, lines[1].split())); closs = float(lines[2]); clog = list(map(float, lines[3].split()))
    V,T,L,NH,C = cfg['VocabSize'],cfg['ContextLength'],cfg['Layers'],cfg['Heads'],cfg['Channels']; HS=C//NH; B=len(ids)//T
    eps = cfg['LayerNormEps']
    wte = mat(t,'wte'); wpe = mat(t,'wpe')
    worst=0; tot=0; cnt=0
    for b in range(B):
        x = [[wte[ids[b*T+i]][c]+wpe[i][c] for c in range(C)] for i in range(T)]
        for l in range(L):
            h = [ln(xi, mat(t,'ln1w',l), mat(t,'ln1b',l), eps) for xi in x]
            qkv = [linear(hi, mat(t,'qkvw',l), mat(t,'qkvb',l)) for hi in h]
            y = [[0.0]*C for _ in range(T)]
            for hd in range(NH):
                for i in range(T):
                    q = qkv[i][hd*HS:(hd+1)*HS]
                    js = range(i+1) if cfg['Causal'] else range(T)
                    sc = [sum(a*bb for a,bb in zip(q, qkv[j][C+hd*HS:C+(hd+1)*HS]))/math.sqrt(HS) for j in js]
                    mx = max(sc); e = [math.exp(s-mx) for s in sc]; z=sum(e)
                    for j,ej in zip(js,e):
                        v = qkv[j][2*C+hd*HS:2*C+(hd+1)*HS]
                        for k in range(HS): y[i][hd*HS+k] += ej/z*v[k]
            ap = [linear(yi, mat(t,'attprojw',l), mat(t,'attprojb',l)) for yi in y]
            x = [[a+bb for a,bb in zip(xi,pi)] for xi,pi in zip(x,ap)]
            if cfg['UseMlp']:
                h = [ln(xi, mat(t,'ln2w',l), mat(t,'ln2b',l), eps) for xi in x]
                fc = [[gelu(u) for u in linear(hi, mat(t,'fcw',l), mat(t,'fcb',l))] for hi in h]
                pr = [linear(fi, mat(t,'fcprojw',l), mat(t,'fcprojb',l)) for fi in fc]
                x = [[a+bb for a,bb in zip(xi,pi)] for xi,pi in zip(x,pr)]
        if cfg['FinalLayerNorm']: x = [ln(xi, mat(t,'lnfw'), mat(t,'lnfb'), eps) for xi in x]
        W = wte if cfg['TiedHead'] else mat(t,'lmheadw')
        for i in range(T):
            lg = linear(x[i], W)
            for v in range(V): worst = max(worst, abs(lg[v]-clog[(b*T+i)*V+v]))
            y_ = tg[b*T+i]
            if y_>=0:
                mx=max(lg); tot += math.log(sum(math.exp(a-mx) for a in lg))+mx-lg[y_]; cnt+=1
    print(f.split('/')[-1], repr(worst), repr(tot / cnt), repr(closs))
