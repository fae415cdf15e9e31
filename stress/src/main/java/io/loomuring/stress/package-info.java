/**
 * jcstress tests of loom-uring's concurrency protocols, one package per protocol, each test named
 * {@code Area_NN_WhatItShows} with its rationale, command and result table in its header.
 *
 * <p>This module has no {@code module-info}: jcstress runs tests from the class path, and its jar
 * carries its own copy of {@code sun.misc} classes, which no named module may read beside
 * {@code jdk.unsupported}. On the class path the tests reach the production classes as they are,
 * including {@code io.loomuring.internal}.
 */
package io.loomuring.stress;
