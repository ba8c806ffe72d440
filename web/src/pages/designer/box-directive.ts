import type { Directive } from 'vue';

/*
 * Positions and colours set through the CSSOM (element.style.setProperty), which the console's
 * Content-Security-Policy (style-src 'self') allows, unlike style attributes in the markup.
 */

export interface BoxStyle {
  left?: number;
  top?: number;
  width?: number;
  height?: number;
  /** Other CSS properties, set as they are (colours, font sizes with their unit). */
  extra?: Record<string, string | null>;
}

function applyBox(element: HTMLElement, value: BoxStyle): void {
  for (const side of ['left', 'top', 'width', 'height'] as const) {
    const number = value[side];
    if (number === undefined) element.style.removeProperty(side);
    else element.style.setProperty(side, `${number}px`);
  }
  for (const [property, setting] of Object.entries(value.extra ?? {})) {
    if (setting === null) element.style.removeProperty(property);
    else element.style.setProperty(property, setting);
  }
}

export const vBox: Directive<HTMLElement, BoxStyle> = {
  mounted: (element, binding) => applyBox(element, binding.value),
  updated: (element, binding) => applyBox(element, binding.value),
};
