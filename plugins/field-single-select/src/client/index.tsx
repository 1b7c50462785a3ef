import { defineClientPlugin } from '@docpal/plugin-sdk/client'

// Client half still to come with the web issue; registering the id keeps the page's plugin list complete.
export default defineClientPlugin({ id: 'field-single-select' })
