import { ref, watchEffect } from 'vue'

const dark = ref(localStorage.getItem('docpal.theme') === 'dark' || (localStorage.getItem('docpal.theme') === null && matchMedia('(prefers-color-scheme: dark)').matches))

/** Light or dark: Element Plus switches its CSS variables on the `dark` class of <html>. */
export function useTheme() {
  watchEffect(() => {
    document.documentElement.classList.toggle('dark', dark.value)
    localStorage.setItem('docpal.theme', dark.value ? 'dark' : 'light')
  })
  return { dark }
}
