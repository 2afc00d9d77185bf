/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** A pom.xml as written (not the effective model): what a user's Maven reads once it is published. */
final class Pom {

    private final Element project;

    private Pom(Element project) {
        this.project = project;
    }

    static Pom read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            return new Pom(document.getDocumentElement());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("can't read " + file, e);
        }
    }

    /**
     * The published jar modules, directory to artifact ID: the root pom's modules that are not {@code pom} packaging
     * and do not set {@code maven.deploy.skip}.
     */
    static Map<String, String> publishedJarModules(Path rootDir) {
        Map<String, String> modules = new TreeMap<>();
        for (Element module : read(rootDir.resolve("pom.xml")).all("modules", "module")) {
            String directory = module.getTextContent().trim();
            Pom pom = read(rootDir.resolve(directory).resolve("pom.xml"));
            if (!pom.text("properties", "maven.deploy.skip").equals("true") && !pom.text("packaging").equals("pom")) {
                modules.put(directory, pom.text("artifactId"));
            }
        }
        return modules;
    }

    /** The text of the element at this path of child names below {@code <project>}, or "" when there is none. */
    String text(String... path) {
        Element element = project;
        for (String name : path) {
            element = child(element, name);
            if (element == null) {
                return "";
            }
        }
        return element.getTextContent().trim();
    }

    /** The elements at this path below {@code <project>}, the last name repeated (e.g. dependencies, dependency). */
    List<Element> all(String... path) {
        Element parent = project;
        for (int i = 0; i < path.length - 1 && parent != null; i++) {
            parent = child(parent, path[i]);
        }
        if (parent == null) {
            return List.of();
        }
        return children(parent).stream().filter(element -> element.getTagName().equals(path[path.length - 1]))
                .toList();
    }

    /** The child elements of {@code parent}, in order. */
    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    /** The text of a direct child of {@code element}, or {@code fallback}. */
    static String childText(Element element, String name, String fallback) {
        Element child = child(element, name);
        return child == null ? fallback : child.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }
}
