// What a workspace's numbers are stored in. float64 is the default and exact (PyTorch's float64 to ~1e-15);
// float32 (training.precision) halves the memory and doubles the matrix kernels' width (f32x4), for training
// speed, and is not bit-exact: products and sums round to float32, the elementwise math runs in float64 and is
// rounded when stored, and the parameters and their update stay float64.
export type Real = Float64Array | Float32Array;
export type Precision = 'float64' | 'float32';
