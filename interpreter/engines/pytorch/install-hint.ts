// Its own module so that the API can export the hint without loading the exporter and a backend.

export const installHint =
  "install PyTorch for python3: `pip install torch numpy` (https://pytorch.org/get-started), or on Debian/Ubuntu `sudo apt-get install python3-torch libopenblas0-pthread`";
