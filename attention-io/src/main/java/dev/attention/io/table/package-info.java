/**
 * Result tables: written as csv, json, npy or safetensors, all files of a result committed together or not at all.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.io.table;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
