/** The Born-Again pipeline: teacher, student generations, ensembles and the fluent entry point. */
package dev.bornagain.core;
