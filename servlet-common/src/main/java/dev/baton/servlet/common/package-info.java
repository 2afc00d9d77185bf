/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The servlet plumbing both of Baton's front ends share: the filter ({@code baton-servlet-filter}, any Jakarta
 * Servlet 6 container) and the Tomcat manager and valve ({@code baton-tomcat-valve}). Each front end keeps its own
 * request path in one class ({@code BatonSessionFilter.doFilter}, {@code BatonSessionValve.invoke}) and calls these
 * pieces from it:
 *
 * <ul>
 *   <li>{@link dev.baton.servlet.common.SaveBeforeCommitResponse}: the response wrapper that saves the session before
 *       anything commits the response;</li>
 *   <li>{@link dev.baton.servlet.common.SaveOnAsyncComplete}: the listener that saves an async request when it
 *       completes;</li>
 *   <li>{@link dev.baton.servlet.common.StoreOutages}: finds a store outage in a failure's cause chain and answers it
 *       with 503 and {@code Retry-After};</li>
 *   <li>{@link dev.baton.servlet.common.ServletSessionEvents}: Baton's session events as Servlet listener calls;</li>
 *   <li>{@link dev.baton.servlet.common.WebAppClasses}: which classes are the web app's own, for the allow-list;</li>
 *   <li>{@link dev.baton.servlet.common.ExpiredSessions}: one round of the reaper, with its warning;</li>
 *   <li>{@link dev.baton.servlet.common.AppPaths}: a request's path within its web app, for {@code lockUris};</li>
 *   <li>{@link dev.baton.servlet.common.SessionIntervals}: the {@code HttpSession} view of a timeout, in seconds;</li>
 *   <li>{@link dev.baton.servlet.common.ContainerManagedSessions}: how the Tomcat manager tells the web app's own
 *       filter to step aside.</li>
 * </ul>
 *
 * <p>Not an API for web apps: the front ends' own packages are.
 */
package dev.baton.servlet.common;
