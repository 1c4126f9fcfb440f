/** Dataset pipelines, the {@code ban} command line, the demo and its reports. */
package dev.bornagain.examples;
