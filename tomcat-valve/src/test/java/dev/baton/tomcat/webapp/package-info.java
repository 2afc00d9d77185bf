/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A web app as a deployer sees it: these classes are copied into the {@code WEB-INF/classes} of a directory that
 * {@link dev.baton.tomcat.WebAppNode} deploys, so that Tomcat reads them from {@code web.xml}, finds them by
 * annotation scanning, or runs them as a {@code ServletContainerInitializer}, and loads them with the web app's own
 * class loader. They report to {@link dev.baton.tomcat.WebAppEvents}, which stays on the test's class loader.
 */
package dev.baton.tomcat.webapp;
