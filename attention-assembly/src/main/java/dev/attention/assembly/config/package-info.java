/**
 * The configuration model (read-only records of a job file) and its loader, which names the file, line, column and key of every error.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.assembly.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
