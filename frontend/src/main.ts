import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { i18n, currentLocale } from './i18n';
import { createAppRouter } from './router';
import { handleSessionEnd } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(ElementPlus);
const router = createAppRouter();
app.use(router);

document.documentElement.lang = currentLocale();
handleSessionEnd(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
  }
});

app.mount('#app');
