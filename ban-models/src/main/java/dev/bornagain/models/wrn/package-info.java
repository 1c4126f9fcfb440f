/** Wide residual networks (Zagoruyko and Komodakis, BMVC 2016) for 32x32 images. */
package dev.bornagain.models.wrn;
