/**
 * Binary tensor files: safetensors ({@link dev.attention.io.tensor.Safetensors}) and NumPy
 * .npy ({@link dev.attention.io.tensor.Npy}) as input data sources
 * ({@link dev.attention.io.tensor.TensorFiles}) and as the parameter file format
 * ({@link dev.attention.io.tensor.ParameterFiles}).
 *
 * <p>Both formats are written by hand from their specifications, with no dependency. Decisions:
 * a tensor has rank ≥ 2, so a scalar reads as [1, 1] and a 1-d array of n values as a column
 * [n, 1]; 16-bit floats (F16, BF16) are read and widened exactly to float32, never written; writes
 * are deterministic and atomic. Every defect is a one-line {@link dev.attention.api.DataException}
 * naming the file and, in safetensors, the tensor.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.io.tensor;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
