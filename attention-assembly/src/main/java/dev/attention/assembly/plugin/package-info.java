/**
 * Plugin discovery: the registry of every provider found by ServiceLoader, on the class path and in plugin folders.
 *
 * <p>Internal to the engine ({@code @API(status = INTERNAL)}): embedders use the facade in
 * {@code dev.attention.core} and the types here marked otherwise; see decision 33.
 */
@API(status = INTERNAL)
package dev.attention.assembly.plugin;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
