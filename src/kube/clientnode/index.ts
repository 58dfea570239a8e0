// The client-node adapter of the cluster port: a real API server through a kubeconfig.
export { ClientNodeClusterPort, type ConnectionContext } from './clientnode-cluster.js';
export { clusterPortFromKubeConfig, connectCluster, loadKubeConfig, type ConnectOptions } from './connect.js';
export { Transport, type TransportOptions } from './transport.js';
