import { h } from 'preact';
import htm from 'htm';

/** Preact's h with htm's tagged templates: JSX-like markup with no compile step of its own. */
export const html = htm.bind(h);
