/**
 * rdw in Jupyter notebooks. The kernel ({@code io.redback.rdw.jupyter.kernel}) evaluates cells with JShell, with rdw on
 * its class path; the renderers ({@code io.redback.rdw.jupyter} display classes) turn rdw's results into HTML tables
 * and charts, for this kernel and, as a kernel extension, for IJava with rdw's jar added.
 */
package io.redback.rdw.jupyter;
