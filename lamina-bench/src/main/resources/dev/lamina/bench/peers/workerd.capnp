# workerd's configuration for the benchmark: one trivial worker on one loopback socket.
# lamina-bench replaces @ADDRESS@ with 127.0.0.1:<free port>.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "@ADDRESS@", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "2024-09-01",
);
