/**
 * Events of a Born-Again run: {@link dev.bornagain.core.listen.BornAgainListener} (generation start
 * and end, epoch end with its {@link dev.bornagain.core.listen.EpochMetrics}, batch progress), its
 * no-op {@link dev.bornagain.core.listen.BornAgainListenerAdapter}, and the default {@link
 * dev.bornagain.core.listen.ConsoleProgressListener}.
 */
package dev.bornagain.core.listen;
