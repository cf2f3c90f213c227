import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/i18n.ts';
import { registerServiceWorker } from './offline/register-sw.ts';
import { router } from './router.ts';
import './styles/base.css';
import './styles/forms.css';

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app');
registerServiceWorker();
