import { inject, provide, type InjectionKey } from 'vue'
import { provideAppContext } from '@docpal/plugin-sdk/client'
import type { AppState } from '../services/app-state.ts'

const KEY: InjectionKey<AppState> = Symbol('docpal.appState')

/** The shell's richer app state; plugins see its `AppContext` part through `useAppContext`. */
export function provideAppState(s: AppState): void {
  provide(KEY, s)
  provideAppContext(s)
}

export function useAppState(): AppState {
  const s = inject(KEY, null)
  if (!s) throw new Error('useAppState outside an app page')
  return s
}
