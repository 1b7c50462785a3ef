import { defineComponent, h } from 'vue'

/** The tick of a checked switch (inline SVG: plugin halves carry no icon font). */
export const CheckMark = defineComponent({
  name: 'DpCheckMark',
  setup: () => () =>
    h('span', { class: 'dp-check', role: 'img', 'aria-label': '✓', style: { display: 'inline-flex', color: 'var(--el-color-success)', verticalAlign: 'middle' } }, [
      h(
        'svg',
        { viewBox: '0 0 16 16', width: '16', height: '16', fill: 'none', stroke: 'currentColor', 'stroke-width': '2.2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' },
        [h('path', { d: 'M3 8.5l3.2 3.2L13 4.8' })],
      ),
    ]),
})
