/**
 * Loading a job's inputs (CSV, grouped and nested rows, tensor files) by its configuration.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.assembly.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
