/** The {@code ban} command line: one picocli command per task, under {@link BanCommand}. */
package dev.bornagain.examples.cli;
