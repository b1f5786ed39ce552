# PyTorch's side of the benchmark (1 thread). Usage:
#   python3 bench/workers/torch_worker.py mlp FEATURES.f32 LABELS.f32 | cnn FEATURES.f32 LABELS.f32 IMAGES
#     | resnet FEATURES.f32 LABELS.f32 IMAGES | gemm M K N | blas
import ctypes, json, os, re, resource, sys, time
import numpy as np
import torch

torch.set_num_threads(1)

def report(result):
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec.
    with open("/proc/self/status") as f:
        hwm = [int(l.split()[1]) for l in f if l.startswith("VmHWM:")]
    result["maxRssMiB"] = (hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(json.dumps(result))

def timed_epoch(model, opt, x, y, batch=64):
    """One shuffled epoch of the conv workloads, timed; the accuracy metric summed on-tensor (no .item() per step)."""
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + sparse categorical crossentropy
    start, cpu = time.perf_counter(), time.thread_time()
    order = torch.randperm(x.shape[0])
    correct = torch.zeros((), dtype=torch.long)
    for i in range(0, x.shape[0], batch):
        idx = order[i:i + batch]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        correct += (out.argmax(1) == yb).sum()
    correct.item()
    return {"seconds": time.perf_counter() - start, "cpuSeconds": time.thread_time() - cpu, "images": int(x.shape[0])}

workload = sys.argv[1]
if workload == "mlp":
    x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 784))
    y = torch.from_numpy(np.fromfile(sys.argv[3], dtype=np.float32)).long()
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + sparse categorical crossentropy
    start, cpu = time.perf_counter(), time.thread_time()
    order = torch.randperm(x.shape[0])
    correct = 0
    for i in range(0, x.shape[0], 32):
        idx = order[i:i + 32]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        correct += (out.argmax(1) == yb).sum().item()  # the accuracy metric, as Keras reports it
    report({"seconds": time.perf_counter() - start, "cpuSeconds": time.thread_time() - cpu, "images": int(x.shape[0])})
elif workload == "blas":
    # Which BLAS torch.mm really calls: Debian's torch is built with BLAS_INFO=generic and calls
    # whatever libblas.so.3 the alternatives point to; wheels link MKL or OpenBLAS themselves.
    a = torch.rand(64, 64)
    torch.mm(a, a)
    with open("/proc/self/maps") as f:
        paths = sorted({l.split()[-1] for l in f if re.search(r"(blas|mkl|blis)[^/]*\.so", l.split()[-1])})
    info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    result = {"libraries": [os.path.realpath(p) for p in paths], "blasInfo": info.group(1) if info else ""}
    for path in result["libraries"]:
        try:
            config = ctypes.CDLL(path).openblas_get_config
            config.restype = ctypes.c_char_p
            result["openblas"] = config().decode()
        except (OSError, AttributeError):
            pass
    print(json.dumps(result))
elif workload == "resnet":
    # examples/resnet_blocks.dl: conv_bn(32), two residual blocks (conv_bn, conv, bn; + input;
    # relu), global average pool, dense 10; SGD lr 0.05, Nesterov momentum 0.9, batch 64, NCHW.
    # Keras BatchNormalization's momentum 0.99 and epsilon 1e-3 are PyTorch's 0.01 and 1e-3.
    count = int(sys.argv[4])
    x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 1, 28, 28)[:count].copy())
    y = torch.from_numpy(np.fromfile(sys.argv[3], dtype=np.float32)[:count].copy()).long()
    torch.manual_seed(42)
    nn = torch.nn
    conv = lambda cin: nn.Conv2d(cin, 32, 3, padding=1)
    bn = lambda: nn.BatchNorm2d(32, eps=1e-3, momentum=0.01)

    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(conv(32), bn(), nn.ReLU(), conv(32), bn())

        def forward(self, t):
            return torch.relu(t + self.body(t))

    model = nn.Sequential(
        conv(1), bn(), nn.ReLU(), Residual(), Residual(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10),
    )
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    report(timed_epoch(model, opt, x, y))
elif workload == "cnn":
    # Workload (b): one epoch over the first IMAGES training images, NCHW, batch 64.
    count = int(sys.argv[4])
    x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 1, 28, 28)[:count].copy())
    y = torch.from_numpy(np.fromfile(sys.argv[3], dtype=np.float32)[:count].copy()).long()
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(64 * 5 * 5, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    report(timed_epoch(model, opt, x, y))
elif workload == "gemm":
    m, k, n = map(int, sys.argv[2:5])
    a, b = torch.rand(m, k) - 0.5, torch.rand(k, n) - 0.5
    c = torch.empty(m, n)
    torch.mm(a, b, out=c); torch.mm(a, b, out=c)
    times = []
    budget = time.perf_counter() + 0.3
    while len(times) < 3 or (time.perf_counter() < budget and len(times) < 200):
        t = time.perf_counter(); torch.mm(a, b, out=c); times.append(time.perf_counter() - t)
    report({"gflops": 2 * m * n * k / min(times) / 1e9})  # the fastest call, as dl's and TF.js's workers
